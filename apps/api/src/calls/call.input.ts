import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

const DECIMAL = /^\d+(\.\d+)?$/;

@InputType()
export class PublishCallInput {
  @Field({ description: 'The call definition as YAML or JSON (see calls/ for examples)' })
  @IsString()
  @MaxLength(200_000)
  definition!: string;

  @Field(() => ID, { description: 'The government body issuing the call' })
  @IsUUID()
  issuerOrganisationId!: string;
}

@InputType()
export class SubmitCallApplicationInput {
  @Field() @IsString() callKey!: string;
  @Field(() => ID) @IsUUID() applicantOrganisationId!: string;
  @Field() @IsString() @Length(1, 300) title!: string;
  @Field()
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'sector must be an upper-case code' })
  sector!: string;
  @Field({ description: 'ISO 3166-1 alpha-2 country of origin where the project takes place' })
  @Matches(/^[A-Z]{2}$/, { message: 'countryOfOrigin must be an ISO 3166-1 alpha-2 code' })
  countryOfOrigin!: string;
  @Field()
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'objective must be an upper-case code' })
  objective!: string;
  @Field({ description: 'Total project cost' })
  @Matches(DECIMAL, { message: 'totalAmount must be a decimal string' })
  totalAmount!: string;
  @Field({ description: 'Grant asked of the call' })
  @Matches(DECIMAL, { message: 'requestedAmount must be a decimal string' })
  requestedAmount!: string;
}
