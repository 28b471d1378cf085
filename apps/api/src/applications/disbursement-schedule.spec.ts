import { disbursementSchedule } from './disbursement-schedule';

const utcDay = (instant: Date) => instant.toISOString().slice(0, 10);
const timeline = [
  { role: 'federal', trancheId: 'advance', dueDate: '2027-03-01' },
  { role: 'state', trancheId: 'advance', dueDate: '2027-03-15' },
  { role: 'state', trancheId: 'progress', dueDate: '2027-06-15' },
];

describe('disbursementSchedule', () => {
  it('marks a part late when paid after its date, or unpaid once its date has passed', () => {
    const events = [
      {
        kind: 'TRANCHE_RELEASED',
        actorRole: 'federal',
        detail: { trancheId: 'advance' },
        occurredAt: new Date('2027-03-02T10:00:00Z'),
      },
      {
        kind: 'TRANCHE_RELEASED',
        actorRole: 'state',
        detail: { trancheId: 'advance' },
        occurredAt: new Date('2027-03-15T10:00:00Z'),
      },
    ];
    const rows = disbursementSchedule(timeline, events, new Date('2027-07-01T00:00:00Z'), utcDay);
    expect(rows.map((r) => [r.role, r.trancheId, r.releasedOn, r.late])).toEqual([
      ['federal', 'advance', '2027-03-02', true],
      ['state', 'advance', '2027-03-15', false],
      ['state', 'progress', null, true],
    ]);
  });

  it('counts a tranche the engine released as paid by every funder, and nothing due yet as late', () => {
    const events = [
      {
        kind: 'TRANCHE_DISBURSED',
        actorRole: null,
        detail: { trancheId: 'advance' },
        occurredAt: new Date('2027-02-01T00:00:00Z'),
      },
    ];
    const rows = disbursementSchedule(timeline, events, new Date('2027-06-15T12:00:00Z'), utcDay);
    expect(rows.map((r) => [r.releasedOn, r.late])).toEqual([
      ['2027-02-01', false],
      ['2027-02-01', false],
      [null, false],
    ]);
  });

  it("reads the day on the funder's own calendar", () => {
    const events = [
      {
        kind: 'TRANCHE_RELEASED',
        actorRole: 'federal',
        detail: { trancheId: 'advance' },
        // 20:00 in Mexico City on its due date is already the next day in UTC.
        occurredAt: new Date('2027-03-02T02:00:00Z'),
      },
    ];
    const mexico = (instant: Date) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(instant);
    const [federal] = disbursementSchedule(timeline, events, new Date('2027-04-01'), mexico);
    expect([federal.releasedOn, federal.late]).toEqual(['2027-03-01', false]);
  });
});
