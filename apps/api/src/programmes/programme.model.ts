import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';

export enum ProgrammeVersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  RETIRED = 'RETIRED',
}
registerEnumType(ProgrammeVersionStatus, {
  name: 'ProgrammeVersionStatus',
  description:
    'DRAFT is editable; PUBLISHED is in force and immutable; RETIRED takes no new applications',
});

@ObjectType()
export class DefinitionWarning {
  @Field({ description: 'Where in the definition, e.g. funding.shares' }) path!: string;
  @Field() message!: string;
}

@ObjectType({ description: 'One version of a programme: its rules as data' })
export class ProgrammeVersion {
  @Field(() => ID)
  id!: string;

  @Field()
  programmeKey!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => ProgrammeVersionStatus)
  status!: ProgrammeVersionStatus;

  @Field()
  rulesLabel!: string;

  @Field(() => GraphQLJSON, {
    description: 'The validated definition (see programmes/ for examples)',
  })
  definition!: unknown;

  @Field(() => [DefinitionWarning], {
    description:
      'What the definition says that is valid but perhaps not meant, for its designer to confirm',
  })
  warnings!: DefinitionWarning[];

  @Field()
  createdBy!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  retiredAt!: Date | null;
}

@ObjectType({ description: 'A funding programme, with its versions' })
export class Programme {
  @Field(() => ID)
  id!: string;

  @Field()
  key!: string;

  @Field()
  name!: string;

  /** The owning organisation (exposed as `owner`); null: the platform's. */
  ownerId!: string | null;
}
