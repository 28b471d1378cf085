import { ConnectionType } from '../graphql/connection.model';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus as EngineApplicationStatus,
} from '@codev/engine';

/** The engine's one list of statuses, as a GraphQL enum. */
export const ApplicationStatus = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, s])) as {
  [S in EngineApplicationStatus]: S;
};
export type ApplicationStatus = EngineApplicationStatus;
registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description:
    'WITHDRAWN: by its applicant; what remained committed was released. FAILED: the engine met a fault it cannot get past (see failure).',
});

@ObjectType({ description: "One funder's part of a project, in the programme currency" })
export class FundingLine {
  @Field() role!: string;
  @Field() amount!: string;
  @Field(() => String, {
    nullable: true,
    description: 'On backstop lines: whose shortfall this covers',
  })
  coversRole!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Amount in the currency pledged in, at the recorded rate',
  })
  pledgedAmount!: string | null;
  @Field(() => String, { nullable: true }) pledgedCurrency!: string | null;
  @Field(() => String, { nullable: true }) exchangeRate!: string | null;
  @Field(() => String, { nullable: true, description: 'Where the rate came from' })
  exchangeRateSource!: string | null;
  @Field(() => String, { nullable: true, description: 'The day the rate is valid from' })
  exchangeRateDate!: string | null;
}

@ObjectType({ description: 'A decision or step, with who took it, when and why' })
export class ApplicationEvent {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) stageId!: string | null;
  @Field() kind!: string;
  @Field(() => String, { nullable: true }) actorSubject!: string | null;
  @Field(() => ID, { nullable: true }) actorOrganisationId!: string | null;
  @Field(() => String, { nullable: true }) actorRole!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => GraphQLJSON) detail!: unknown;
  @Field() occurredAt!: Date;
}

@ObjectType({
  description:
    'Who must act next on an application: a role it waits for, the organisation playing it, at which open stages, and by when',
})
export class NextAction {
  @Field() role!: string;
  @Field(() => ID, { nullable: true }) organisationId!: string | null;
  @Field(() => [String], { description: 'The stages open now' }) stageIds!: string[];
  @Field(() => Date, { nullable: true, description: 'The earliest open deadline of those stages' })
  dueAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'The same instant on the clock of the time zone that counts it',
  })
  localDueAt!: string | null;
  @Field(() => String, { nullable: true }) timeZone!: string | null;
}

@ObjectType({
  description:
    "One funder's part of one tranche against its date in the committee's disbursement timeline",
})
export class ScheduledTranchePart {
  @Field() role!: string;
  @Field() trancheId!: string;
  @Field({ description: 'YYYY-MM-DD, on the funder’s calendar' }) dueDate!: string;
  @Field(() => Date, { nullable: true }) releasedAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'The day it was paid, on the funder’s calendar',
  })
  releasedOn!: string | null;
  @Field({ description: 'Paid after its date, or still unpaid once its date has passed' })
  late!: boolean;
}

@ObjectType({
  description:
    'A stage deadline, counted in working days of the calendar of the party that must act',
})
export class ApplicationDeadline {
  @Field() stageId!: string;
  @Field({ description: 'The instant, in UTC' }) dueAt!: Date;
  @Field(() => String, {
    nullable: true,
    description: 'The same instant on the clock of the time zone that counts it, with its offset',
  })
  localDueAt!: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. America/Mexico_City' })
  timeZone!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Whose holidays counted it: a country or region code (MX, ES-MD)',
  })
  calendar!: string | null;
  @Field({ description: 'OPEN, MET, EXPIRED, or CLOSED when the application ended first' })
  status!: string;
}

@ObjectType()
export class ApplicationDocument {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) stageId!: string | null;
  @Field() documentType!: string;
  @Field() uri!: string;
  @Field() submittedBy!: string;
  @Field() submittedAt!: Date;
}

@ObjectType({ description: "An amount at its currency's precision (ISO 4217 minor units)" })
export class Money {
  @Field({ description: 'e.g. "250000.00" MXN, "1500000" XOF' }) amount!: string;
  @Field({ description: 'ISO 4217' }) currency!: string;
}

@ObjectType({ description: 'A line of an itemised budget' })
export class CostItem {
  @Field() code!: string;
  @Field() description!: string;
  @Field({ description: 'DAY, MONTH, TRIP, PERSON, UNIT or LUMP_SUM' }) unit!: string;
  @Field() quantity!: string;
  @Field(() => Money) unitCost!: Money;
  @Field(() => Money, { description: 'quantity × unit cost' }) amount!: Money;
}

@ObjectType({ description: "A funder's money in its own currency" })
export class OwnCurrencyBalance {
  @Field(() => Money, { description: 'Committed and not yet disbursed' }) committed!: Money;
  @Field(() => Money) disbursed!: Money;
}

@ObjectType({
  description:
    "A funder's money on this project, from the ledger: in the programme's currency and in its own",
})
export class LedgerBalance {
  @Field() role!: string;
  @Field(() => ID, { nullable: true }) organisationId!: string | null;
  @Field({ description: "The programme's currency, of committed and disbursed" }) currency!: string;
  @Field({ description: 'Committed and not yet disbursed, in the programme currency' })
  committed!: string;
  @Field({ description: 'Paid, in the programme currency (at the rates of the days of payment)' })
  disbursed!: string;
  @Field(() => OwnCurrencyBalance, { description: 'The same in the currency the funder pays in' })
  inOwnCurrency!: OwnCurrencyBalance;
  @Field(() => Money, {
    description:
      'What rate changes between commitment and payment added to (or, negative, took from) its payments',
  })
  exchangeDifference!: Money;
}

@ObjectType({ description: 'A fault the engine could not get past, with its reason' })
export class ApplicationFailureInfo {
  @Field(() => String, { nullable: true }) stageId!: string | null;
  @Field() reason!: string;
  @Field() failedAt!: Date;
}

@ObjectType({
  description: 'A project proposal under a programme version, from submission to closure',
})
export class Application {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() sector!: string;
  @Field(() => ApplicationStatus) status!: ApplicationStatus;
  @Field(() => [String], { description: 'Stages waiting for someone now' }) activeStages!: string[];
  @Field(() => [String], {
    description: 'Roles whose step the open stages wait for: who should act next',
  })
  waitingFor!: string[];
  @Field() programmeKey!: string;
  @Field(() => Int, { description: 'The programme version the application is pinned to' })
  programmeVersion!: number;
  @Field() totalAmount!: string;
  @Field() currency!: string;
  @Field(() => [FundingLine]) fundingSplit!: FundingLine[];
  @Field() submittedBy!: string;
  @Field() submittedAt!: Date;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: "Each funder's tranche dates, as set by the committee",
  })
  disbursementTimeline!: unknown;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: "The handover certificate with each party's commitments",
  })
  certificate!: unknown;
  @Field(() => String, { nullable: true }) plaqueText!: string | null;
  @Field(() => [CostItem], {
    description: 'The budget line by line, where the programme itemises it (empty otherwise)',
  })
  costItems!: CostItem[];
  @Field(() => String, { nullable: true }) subdivisionCode!: string | null;
  @Field(() => String, { nullable: true }) municipalityCode!: string | null;

  applicantId!: string;
  projectJurisdictionId!: string;
  programmeVersionId!: string;
}

@ObjectType()
export class ApplicationParty {
  @Field() role!: string;
  organisationId!: string;
}

export const ApplicationConnection = ConnectionType(Application, 'Application');
