import { renderPlaque } from './plaque';

describe('renderPlaque', () => {
  it('names the club, the government levels and the amounts', () => {
    expect(
      renderPlaque(
        '{{project}}: obra de {{year}} con {{applicant}} y {{parties}}. Inversión: {{amounts}}.',
        {
          project: 'Agua potable',
          applicant: 'Club Jerezano',
          parties: ['Municipio de Jerez', 'Gobierno de Zacatecas', 'SEDESOL'],
          amounts: [{ party: 'Club Jerezano', amount: '250000.00', currency: 'MXN' }],
          year: 2026,
        },
      ),
    ).toBe(
      'Agua potable: obra de 2026 con Club Jerezano y Municipio de Jerez, Gobierno de Zacatecas y SEDESOL. Inversión: Club Jerezano MXN 250000.00.',
    );
  });
});
