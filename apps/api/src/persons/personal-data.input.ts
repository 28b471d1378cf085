import { applyDecorators } from '@nestjs/common';
import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsCalendarDate } from '../graphql/calendar-date.validator';
import {
  IsEmail,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const NO_CONTROL = /^[^\u0000-\u001F\u007F]*$/;

@InputType({
  description: 'Who a person is; seen only by them and the institutions that serve them',
})
export class PersonalDataInput {
  @Field({ description: 'Name as on the identity document' })
  @IsString()
  @Length(1, 300)
  @Matches(NO_CONTROL, { message: 'legalName must not contain control characters' })
  legalName!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  birthDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Kind and number, e.g. "passport SN A1234567"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(NO_CONTROL, { message: 'identityDocument must not contain control characters' })
  identityDocument?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'phone must be a telephone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(200)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^[^\u0000-\u0009\u000B-\u001F\u007F]*$/, {
    message: 'address must not contain control characters',
  })
  address?: string | null;
}

/** A person's data on registration and on a change of profile. */
export const PersonalDataField = () =>
  applyDecorators(
    Field(() => PersonalDataInput, {
      nullable: true,
      description:
        'For a PERSON, required at registration: who they are (private; their name above is a public alias)',
    }),
    IsOptional(),
    ValidateNested(),
    Type(() => PersonalDataInput),
  );
