import { NOTIFICATION_LANGUAGES, notificationText } from './notification-text';

const facts = {
  kind: 'DEADLINE_NEAR',
  applicationTitle: 'Pozo de agua en Jerez',
  programmeName: 'Programa 3x1 para Migrantes',
  stageName: 'Revisión de la SEDESOL',
  dueAt: '2027-01-20T23:59:59.999-06:00',
};

describe('notificationText', () => {
  it('words a reminder in each language with the stage named as the programme names it', () => {
    expect(notificationText('es', facts).subject).toBe(
      'Pozo de agua en Jerez: Plazo próximo a vencer — Revisión de la SEDESOL: vence el 2027-01-20T23:59:59.999-06:00',
    );
    expect(notificationText('fr', facts).subject).toMatch(
      /^Pozo de agua en Jerez: Échéance proche/,
    );
    expect(notificationText('en', facts).text).toContain('Programa 3x1 para Migrantes');
  });

  it('names every kind it has no phrase for by its code, in every language', () => {
    for (const language of NOTIFICATION_LANGUAGES)
      expect(notificationText(language, { ...facts, kind: 'FINDING_RAISED' }).subject).toBe(
        'Pozo de agua en Jerez: FINDING_RAISED — Revisión de la SEDESOL',
      );
  });
});
