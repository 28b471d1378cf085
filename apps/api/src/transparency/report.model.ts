import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { Money } from '../applications/application.model';

export enum PortfolioDimension {
  PROGRAMME = 'PROGRAMME',
  SUBMISSION_YEAR = 'SUBMISSION_YEAR',
  STATUS = 'STATUS',
  COUNTRY = 'COUNTRY',
  SUBDIVISION = 'SUBDIVISION',
  MUNICIPALITY = 'MUNICIPALITY',
  SECTOR = 'SECTOR',
  DAC_SECTOR = 'DAC_SECTOR',
}
registerEnumType(PortfolioDimension, {
  name: 'PortfolioDimension',
  description:
    'What a portfolio report groups applications by (the place is the project’s; DAC_SECTOR is the OECD DAC 5-digit purpose code the sector maps to, shared by every programme)',
});

export enum FundingDimension {
  PROGRAMME = 'PROGRAMME',
  YEAR = 'YEAR',
  FUNDER_ROLE = 'FUNDER_ROLE',
  FUNDER_LEVEL = 'FUNDER_LEVEL',
  SECTOR = 'SECTOR',
  DAC_SECTOR = 'DAC_SECTOR',
}
registerEnumType(FundingDimension, {
  name: 'FundingDimension',
  description:
    'What a funding report groups the ledger by: YEAR is when the money was committed or paid; FUNDER_LEVEL is a government body’s level (NATIONAL, REGIONAL, LOCAL) or else the kind of organisation',
});

@InputType()
export class ReportScopeInput {
  @Field(() => String, { nullable: true, description: 'One programme; all when absent' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  programmeKey?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2200)
  fromYear?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2200)
  toYear?: number | null;
}

@InputType()
export class PortfolioReportInput extends ReportScopeInput {
  @Field(() => [PortfolioDimension])
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsEnum(PortfolioDimension, { each: true })
  groupBy!: PortfolioDimension[];
}

@InputType()
export class FundingReportInput extends ReportScopeInput {
  @Field(() => [FundingDimension])
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsEnum(FundingDimension, { each: true })
  groupBy!: FundingDimension[];
}

/** The values of a row's dimensions; those not grouped by are null. */
@ObjectType()
export class ReportGroup {
  @Field(() => String, { nullable: true }) programmeKey!: string | null;
  @Field(() => Int, { nullable: true, description: 'Submission year, or the ledger’s year' })
  year!: number | null;
  @Field(() => String, { nullable: true }) status!: string | null;
  @Field(() => String, { nullable: true }) countryCode!: string | null;
  @Field(() => String, { nullable: true }) subdivisionCode!: string | null;
  @Field(() => String, { nullable: true }) municipalityCode!: string | null;
  @Field(() => String, { nullable: true }) sector!: string | null;
  @Field(() => String, { nullable: true, description: 'OECD DAC 5-digit purpose code' })
  dacSector!: string | null;
  @Field(() => String, { nullable: true }) funderRole!: string | null;
  @Field(() => String, { nullable: true }) funderLevel!: string | null;
}

@ObjectType({ description: 'One group of applications: how many, where, and for how much' })
export class PortfolioRow {
  @Field(() => ReportGroup) group!: ReportGroup;
  @Field(() => Int) applications!: number;
  @Field(() => Int, { description: 'Distinct applicant organisations' }) applicants!: number;
  @Field(() => Int, { description: 'Distinct states or provinces of the projects' })
  subdivisions!: number;
  @Field(() => Int, { description: 'Distinct municipalities of the projects' })
  municipalities!: number;
  @Field(() => [Money], { description: 'The projects’ total cost, per currency' })
  totalAmount!: Money[];
}

@ObjectType({ description: 'What one group of funders committed and paid, in one currency' })
export class FundingRow {
  @Field(() => ReportGroup) group!: ReportGroup;
  @Field() currency!: string;
  @Field() committed!: string;
  @Field() disbursed!: string;
  @Field(() => Int, { description: 'Distinct applications the money went to' })
  applications!: number;
}
