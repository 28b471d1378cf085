import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsCalendarDate } from '../graphql/calendar-date.validator';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const CURRENCY = /^[A-Z]{3}$/;

@InputType()
export class ExchangeRateRecordInput {
  @Field() @Matches(CURRENCY, { message: 'from must be an ISO 4217 code' }) from!: string;
  @Field() @Matches(CURRENCY, { message: 'to must be an ISO 4217 code' }) to!: string;
  @Field({ description: 'Units of `to` per one unit of `from`, e.g. "17.2500"' })
  @Matches(/^\d{1,12}(\.\d{1,10})?$/, {
    message: 'rate must be a decimal with at most 10 decimals',
  })
  rate!: string;
  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  validOn!: string;
  @Field()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'source must not be blank' })
  source!: string;
}

@InputType()
export class RecordExchangeRatesInput {
  @Field(() => [ExchangeRateRecordInput])
  @ValidateNested({ each: true })
  @Type(() => ExchangeRateRecordInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  rates!: ExchangeRateRecordInput[];
}

@ArgsType()
export class ExchangeRatesArgs {
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(CURRENCY) from?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(CURRENCY) to?: string | null;
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(500) first!: number;
}
