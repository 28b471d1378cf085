import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

@InputType()
export class IndicatorValueOfPlaceInput {
  @Field({ description: 'e.g. MX-ZAC-020' })
  @IsString()
  @Length(2, 20)
  jurisdictionCode!: string;

  @Field({ description: 'A decimal string, possibly negative, e.g. "-0.65"' })
  @Matches(/^-?\d{1,12}(\.\d{1,6})?$/, { message: 'value must be a decimal string' })
  value!: string;
}

@InputType({ description: 'One published indicator for many places: its name, year and source' })
export class RecordJurisdictionIndicatorsInput {
  @Field({ description: 'A lower-case key, e.g. marginalisation-index' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'indicator must be a lower-case key' })
  indicator!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1900)
  @Max(3000)
  year!: number;

  @Field({ description: 'Who published it' })
  @IsString()
  @Length(1, 500)
  source!: string;

  @Field(() => [IndicatorValueOfPlaceInput])
  @ValidateNested({ each: true })
  @Type(() => IndicatorValueOfPlaceInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(20000)
  values!: IndicatorValueOfPlaceInput[];
}
