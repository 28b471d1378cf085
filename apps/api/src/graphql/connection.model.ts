import { Type } from '@nestjs/common';
import { ArgsType, ComplexityEstimatorArgs, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE, Page } from '@codev/persistence';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** Relay connection type `<Name>Connection` with `<Name>Edge` for a node type. */
export function ConnectionType<T>(nodeType: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}

@ArgsType()
export class PageArgsInput {
  @Field(() => Int, { defaultValue: 50, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 50;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  @IsOptional()
  @IsString()
  after?: string | null;
}

/** Cost of a paginated list: each of `first` items costs what its selection costs. */
export const pageComplexity = ({ args, childComplexity }: ComplexityEstimatorArgs): number =>
  ((args.first as number | undefined) ?? 50) * Math.max(childComplexity, 1);

export function toConnection<E, M>(page: Page<E>, toModel: (e: E) => M): Connection<M> {
  return {
    edges: page.nodes.map((node, i) => ({ cursor: page.cursors[i], node: toModel(node) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
  };
}
