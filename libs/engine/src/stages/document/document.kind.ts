import { z } from 'zod';
import { code, deadlineFields, roleRef, stageBase } from '../../definition/schema-atoms';
import { MEMBER_ROLES } from '../action-spec';
import { expiryOutcome, checkExpiry } from '../expiry';
import { refuse, type StageKind } from '../stage-kind';
import { documentProjection } from './document.projection';

const schema = z.strictObject({
  ...stageBase,
  kind: z.literal('DOCUMENT'),
  documents: z.array(code).min(1),
  submittedBy: z.array(roleRef).min(1),
  ...deadlineFields,
});
export type DocumentStage = z.infer<typeof schema>;
/** Document types filed so far. */
type State = { filed: string[] };

interface SubmitDocument {
  role: string;
  documentType: string;
  uri: string;
}

const complete = (stage: DocumentStage, state: State) =>
  stage.documents.every((d) => state.filed.includes(d));

export const documentKind: StageKind<DocumentStage, State> = {
  kind: 'DOCUMENT',
  // What the definition language reference says of the kind.
  schema: schema.describe(
    'Documents a stage asks for (a technical file), filed by the roles it names.',
  ),
  projection: documentProjection,
  check: (stage, refs) => [
    ...stage.submittedBy.flatMap((r, i) => refs.role(r, `submittedBy[${i}]`)),
    ...checkExpiry(stage, refs, { escalation: false }),
  ],
  start: (stage) => ({ state: { filed: [] }, deadline: stage.deadline }),
  expire: (stage, state) => expiryOutcome(stage, state),
  actingRole: (stage) => stage.submittedBy[0],
  waitingFor: (stage) => stage.submittedBy,
  actions: {
    submitDocument: {
      spec: {
        mutation: 'submitStageDocument',
        description: 'A document asked for at a stage, such as the technical file',
        inputType: 'SubmitStageDocumentInput',
        addressedBy: 'stage',
        tokenRoles: MEMBER_ROLES,
        fields: {
          role: { type: 'key', description: 'The role the document is filed for' },
          documentType: { type: 'code' },
          uri: { type: 'uri' },
        },
      },
      validate: (stage, _state, d: SubmitDocument, actor, ctx) => {
        if (!stage.submittedBy.includes(d.role))
          return refuse.forbidden(`"${d.role}" does not submit documents at "${stage.id}"`);
        const notParty = ctx.actsAs(actor, d.role);
        if (notParty) return notParty;
        if (!stage.documents.includes(d.documentType))
          return refuse.badInput(`"${d.documentType}" is not asked for at "${stage.id}"`);
        return undefined;
      },
      apply: (stage, state, d: SubmitDocument, actor) => {
        const next = { filed: [...new Set([...state.filed, d.documentType])] };
        return {
          state: next,
          events: [
            {
              kind: 'DOCUMENT_SUBMITTED',
              detail: { documentType: d.documentType, uri: d.uri },
              actor,
              role: d.role,
            },
          ],
          effects: [{ type: 'document.record', documentType: d.documentType, uri: d.uri, actor }],
          outcome: complete(stage, next) ? { done: true } : undefined,
        };
      },
    },
  },
};
