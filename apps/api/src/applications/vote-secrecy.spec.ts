import { sealOpenVotes } from './vote-secrecy';

const vote = (stageId: string, subject: string, vote: string) => ({
  stageId,
  kind: 'VOTE',
  actorSubject: subject,
  actorOrganisationId: `org-of-${subject}`,
  actorRole: 'state',
  reason: `${subject} thinks so`,
  detail: { vote },
});
const history = [
  { ...vote('validation', 'ana', 'FOR'), kind: 'STAGE_STARTED', detail: {} },
  vote('validation', 'ana', 'FOR'),
  vote('file-compliance', 'ana', 'AGAINST'),
  vote('file-compliance', 'luis', 'FOR'),
];
const reader = (subject: string, roles: string[] = ['member']) => ({
  subject,
  organisationId: null,
  roles: new Set(roles),
});

describe('votes of a committee still deciding', () => {
  it('are sealed for everyone but the voter and platform administrators; decided ones are public', () => {
    const open = ['file-compliance'];
    const anonymous = sealOpenVotes(history, open, undefined);
    expect(anonymous.slice(0, 2)).toEqual(history.slice(0, 2));
    expect(anonymous[2]).toEqual({
      stageId: 'file-compliance',
      kind: 'VOTE',
      actorSubject: null,
      actorOrganisationId: null,
      actorRole: 'state',
      reason: null,
      detail: { sealed: true },
    });
    const ana = sealOpenVotes(history, open, reader('ana'));
    expect(ana[2]).toEqual(history[2]);
    expect(ana[3].reason).toBeNull();
    expect(sealOpenVotes(history, open, reader('root', ['platform-admin']))).toEqual(history);
    expect(sealOpenVotes(history, [], undefined)).toEqual(history);
  });
});
