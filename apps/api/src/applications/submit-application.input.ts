import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const DECIMAL = /^\d+(\.\d+)?$/;

@InputType()
export class PartyAssignmentInput {
  @Field({ description: 'A role of the programme, e.g. "municipal"' })
  @IsString()
  @Length(1, 63)
  role!: string;

  @Field(() => ID)
  @IsUUID()
  organisationId!: string;
}

@InputType()
export class ExchangeRateInput {
  @Field()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @Field({
    description: 'Units of the programme currency per one unit of this currency, e.g. "17.25"',
  })
  @Matches(DECIMAL, { message: 'rate must be a decimal string' })
  rate!: string;
}

@InputType()
export class ShortfallInput {
  @Field()
  @IsString()
  role!: string;

  @Field({
    description: 'Part of its share the party cannot pay; the programme backstop covers it',
  })
  @Matches(DECIMAL, { message: 'amount must be a decimal string' })
  amount!: string;
}

@InputType()
export class DocumentReferenceInput {
  @Field({ description: 'e.g. PROJECT_PROPOSAL' })
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'documentType must be an upper-case code' })
  documentType!: string;

  @Field({ description: 'Where the document is stored' })
  @IsUrl(
    { require_tld: false, protocols: ['https', 'http', 's3'] },
    { message: 'uri must be a URL' },
  )
  uri!: string;
}

@InputType()
export class SubmitApplicationInput {
  @Field()
  @IsString()
  programmeKey!: string;

  @Field()
  @IsString()
  @Length(1, 300)
  title!: string;

  @Field({ description: 'A sector of the programme, e.g. POTABLE_WATER' })
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'sector must be an upper-case code' })
  sector!: string;

  @Field({
    description: 'Where the project is: a municipality or community of origin, e.g. MX-ZAC-020',
  })
  @IsString()
  @MaxLength(20)
  projectJurisdictionCode!: string;

  @Field({ description: 'Project budget in the programme currency, e.g. "1000000.00"' })
  @Matches(DECIMAL, { message: 'totalAmount must be a decimal string such as "1000000.00"' })
  totalAmount!: string;

  @Field(() => [PartyAssignmentInput])
  @ValidateNested({ each: true })
  @Type(() => PartyAssignmentInput)
  @ArrayMaxSize(50)
  parties!: PartyAssignmentInput[];

  @Field(() => [ExchangeRateInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ExchangeRateInput)
  exchangeRates?: ExchangeRateInput[];

  @Field(() => [ShortfallInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ShortfallInput)
  shortfalls?: ShortfallInput[];

  @Field(() => [DocumentReferenceInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => DocumentReferenceInput)
  @ArrayMaxSize(50)
  documents?: DocumentReferenceInput[];
}
