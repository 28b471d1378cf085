import { reminderInstant } from './reminder';

describe('reminderInstant', () => {
  const due = '2027-01-20T12:00:10.000Z';
  const never = () => {
    throw new Error('no calendar needed');
  };

  it('comes the lead before a deadline in seconds', () => {
    expect(reminderInstant({ seconds: 10 }, { seconds: 4 }, due, never)).toBe(
      '2027-01-20T12:00:06.000Z',
    );
  });

  it('counts working days from the same start, the lead fewer', () => {
    const asked: unknown[] = [];
    const at = reminderInstant(
      { workingDays: 30, calendar: { country: 'MX' } },
      { workingDays: 5 },
      due,
      (d) => {
        asked.push(d);
        return '2027-01-13T05:59:59.999Z';
      },
    );
    expect(at).toBe('2027-01-13T05:59:59.999Z');
    expect(asked).toEqual([{ workingDays: 25, calendar: { country: 'MX' } }]);
  });

  it('has none without a lead, across units, with a lead as long as the deadline, or for an instant', () => {
    expect(reminderInstant({ seconds: 10 }, undefined, due, never)).toBeUndefined();
    expect(reminderInstant({ seconds: 10 }, { workingDays: 1 }, due, never)).toBeUndefined();
    expect(reminderInstant({ workingDays: 3 }, { workingDays: 3 }, due, never)).toBeUndefined();
    expect(reminderInstant({ at: due }, { seconds: 1 }, due, never)).toBeUndefined();
  });
});
