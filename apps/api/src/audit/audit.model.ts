import { Field, ID, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';

@ObjectType({
  description:
    'One mutation as the audit trail keeps it: who, when, what, how it ended, and its target before and after',
})
export class AuditEntry {
  @Field(() => ID, { description: 'Also the cursor for the next page (beforeId)' }) id!: string;
  @Field() occurredAt!: Date;
  @Field(() => String, { nullable: true, description: 'The token’s subject' })
  subject!: string | null;
  @Field(() => String, { nullable: true }) organisationId!: string | null;
  @Field(() => [String]) roles!: string[];
  @Field({ description: 'The mutation' }) operation!: string;
  @Field(() => String, {
    nullable: true,
    description: 'What it acted on, e.g. application:<id>, programme:<key>',
  })
  target!: string | null;
  @Field(() => GraphQLJSON, { description: 'Its arguments, personal data withheld' })
  arguments!: unknown;
  @Field({ description: 'OK, or the error code the caller got' }) outcome!: string;
  @Field(() => GraphQLJSON, { nullable: true }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after!: unknown;
}
