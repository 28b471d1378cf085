import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'Who a person taking part is. Shown to the person and to the institutions that lend to them or keep their savings; to anyone else it is null',
})
export class PersonalDataModel {
  @Field() legalName!: string;
  @Field(() => String, { nullable: true }) birthDate!: string | null;
  @Field(() => String, { nullable: true }) identityDocument!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
}
