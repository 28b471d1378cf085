import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import type { FieldSpec } from '@codev/engine';
import { IsCalendarDate } from '../graphql/calendar-date.validator';

type Decorate = (proto: object, name: string) => void;
type Addressing = 'stage' | 'kind';

const built = new Map<string, { type: new () => object; signature: string }>();
const enums = new Map<string, Record<string, string>>();

/**
 * Text a person wrote, of a bounded length. Blank text and control characters are refused
 * for every argument by the global pipe's rule for stored text, before these run.
 */
const text = (_name: string, max: number): Decorate[] => [IsString(), Length(1, max)];

function enumType(spec: Extract<FieldSpec, { type: 'enum' }>): Record<string, string> {
  let found = enums.get(spec.name);
  if (!found) {
    found = Object.fromEntries(spec.values.map((v) => [v, v]));
    registerEnumType(found, { name: spec.name, description: spec.description });
    enums.set(spec.name, found);
  }
  return found;
}

function decorators(name: string, spec: FieldSpec): Decorate[] {
  const required = typed(name, spec, {
    description: spec.description,
    ...(spec.optional ? { nullable: true } : {}),
  });
  return spec.optional ? [IsOptional(), ...required] : required;
}

function typed(
  name: string,
  spec: FieldSpec,
  options: { description?: string; nullable?: boolean },
): Decorate[] {
  switch (spec.type) {
    case 'text':
      return [Field(() => String, options), ...text(name, spec.max)];
    case 'key':
      return [
        Field(() => String, options),
        Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: `${name} must be a lower-case key` }),
      ];
    case 'code':
      return [
        Field(() => String, options),
        Matches(/^[A-Z][A-Z0-9_]{0,62}$/, { message: `${name} must be an upper-case code` }),
      ];
    case 'uri':
      return [
        Field(() => String, options),
        IsUrl(
          { require_tld: false, protocols: ['https', 'http', 's3'] },
          { message: `${name} must be a URL` },
        ),
      ];
    case 'id':
      return [Field(() => ID, options), IsUUID('all', { message: `${name} must be an id` })];
    case 'date':
      return [
        Field(() => String, options),
        IsCalendarDate({ message: `${name} must be a calendar date YYYY-MM-DD` }),
      ];
    case 'decimal':
      return [
        Field(() => String, options),
        Matches(/^\d{1,18}(\.\d{1,6})?$/, { message: `${name} must be a decimal string` }),
      ];
    case 'enum': {
      const type = enumType(spec);
      return [Field(() => type, options), IsEnum(type)];
    }
    case 'list': {
      const item = stepInputType(spec.of.inputType, spec.of.fields);
      return [
        Field(() => [item], options),
        ValidateNested({ each: true }),
        Type(() => item) as Decorate,
        ArrayMinSize(spec.min),
        ArrayMaxSize(spec.max),
      ];
    }
  }
}

/**
 * The GraphQL input type of a step, with its validation, built from the stage kind's field
 * specs. Steps addressed to a stage carry `applicationId` and `stageId`; steps addressed to
 * the open stage of their kind carry `applicationId` only. Two steps may share a type only
 * if they agree on its fields.
 */
export function stepInputType(
  name: string,
  fields: Readonly<Record<string, FieldSpec>>,
  addressing?: Addressing,
): new () => object {
  const signature = JSON.stringify({ fields, addressing });
  const existing = built.get(name);
  if (existing) {
    if (existing.signature !== signature)
      throw new Error(`two steps declare the input type ${name} with different fields`);
    return existing.type;
  }
  const type = { [name]: class {} }[name];
  const all: [string, Decorate[]][] = [];
  if (addressing) all.push(['applicationId', [Field(() => ID), IsUUID()]]);
  if (addressing === 'stage')
    all.push([
      'stageId',
      [
        Field(() => String, { description: 'The id of the stage in the programme definition' }),
        IsString(),
        Length(1, 63),
      ],
    ]);
  if (addressing)
    all.push([
      'idempotencyKey',
      [
        Field(() => String, {
          nullable: true,
          description: 'A client key: the step is taken once, however often it is sent',
        }),
        IsOptional(),
        IsString(),
        Length(1, 200),
      ],
    ]);
  for (const [field, spec] of Object.entries(fields)) all.push([field, decorators(field, spec)]);
  for (const [field, list] of all) for (const decorate of list) decorate(type.prototype, field);
  InputType(name)(type);
  built.set(name, { type, signature });
  return type;
}
