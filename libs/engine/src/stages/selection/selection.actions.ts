import { type ActionSpec, type FieldSpec, MEMBER_ROLES } from '../action-spec';

/** A document filed with an application or a step: its type and where it is stored. */
export const documentReferenceFields = {
  documentType: { type: 'code', description: 'e.g. PROJECT_PROPOSAL' },
  uri: { type: 'uri', description: 'Where the document is stored' },
} as const satisfies Record<string, FieldSpec>;

const documents = {
  type: 'list',
  min: 1,
  max: 50,
  of: { inputType: 'DocumentReferenceInput', fields: documentReferenceFields },
} as const;

/** The steps applicants and evaluators take in a call, as the API offers them. */
export const selectionActionSpecs = {
  completeApplication: {
    mutation: 'completeCallApplication',
    description: 'Adds the missing documents within the period to fix defects',
    inputType: 'CompleteCallApplicationInput',
    addressedBy: 'kind',
    tokenRoles: MEMBER_ROLES,
    fields: { documents },
  },
  score: {
    mutation: 'scoreCallApplication',
    description: "An evaluator's scores, every criterion once with its reason",
    inputType: 'ScoreCallApplicationInput',
    addressedBy: 'kind',
    tokenRoles: ['evaluator'],
    fields: {
      scores: {
        type: 'list',
        min: 1,
        max: 50,
        of: {
          inputType: 'CriterionScoreInput',
          fields: {
            criterionId: { type: 'key' },
            score: { type: 'decimal', description: "From 0 to the criterion's maximum" },
            reason: { type: 'text', max: 2000 },
          },
        },
      },
    },
  },
  recuse: {
    mutation: 'recuseFromCallApplication',
    description: 'An evaluator steps aside for a conflict of interest, giving the reason',
    inputType: 'CallApplicationReasonInput',
    addressedBy: 'kind',
    tokenRoles: ['evaluator'],
    fields: { text: { type: 'text', max: 4000 } },
  },
} satisfies Record<string, ActionSpec>;
