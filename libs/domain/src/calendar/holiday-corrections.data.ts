import type { CalendarCorrections } from './holiday-correction-types';

/**
 * Corrections to date-holidays 3.37, per calendar, each citing its legal source. Read by
 * holiday-corrections.ts, which validates this list when it loads (bad dates or a missing
 * source fail the import, and so every test). The official lists these were checked against,
 * and the dates we could not confirm, are in holidays/<country>.spec.ts.
 *
 * Lunar feasts (SN, ML, MA, KM): the library computes them from a tabular
 * Hijri calendar, while each government proclaims them after a moon sighting, often a day
 * later. Where the proclaimed date was found it is held here ('announced'); where it was not
 * the library's date stands and the spec marks it UNCONFIRMED. Add the proclamation here when
 * it is published; nothing else needs to change.
 */
export const HOLIDAY_CORRECTIONS: readonly CalendarCorrections[] = [
  {
    country: 'MX',
    corrections: [
      {
        kind: 'addYearly',
        monthDay: '05-05',
        name: 'Aniversario de la Batalla de Puebla',
        fromYear: 2006,
        source:
          'Decreto por el que se establece el Calendario Oficial, DOF 1993-10-06, art. segundo as ' +
          'reformed DOF 2006-01-27 and DOF 2024-07-12 (rest days of federal public servants, ' +
          'LFTSE art. 29): "1 de mayo; 5 de mayo; 16 de septiembre…"',
        note:
          'The calendar for administrative deadlines is that of the federal administration, not ' +
          'the Ley Federal del Trabajo art. 74 list date-holidays encodes: federal offices rule ' +
          'under the Calendario Oficial, which adds 5 May. Holy Thursday/' +
          'Friday, 2 November, 12 December and vacation periods are inhábiles only where an ' +
          "agency's own acuerdo in the DOF says so (LFPA art. 28): list those in extraHolidays.",
      },
    ],
  },
  {
    // ES-MD's 2025 calendar swapped San José (19 March, which the library already leaves out
    // as an observance) for Santiago Apóstol on Friday 25 July 2025.
    country: 'ES',
    state: 'MD',
    corrections: [
      {
        kind: 'add',
        date: '2025-07-25',
        name: 'Santiago Apóstol',
        source:
          'Resolución de 15 de octubre de 2024, Dirección General de Trabajo, fiestas laborales ' +
          '2025, BOE núm. 252 de 18-10-2024 (BOE-A-2024-21316), region ES-MD; decree of its ' +
          'Consejo de Gobierno of 25-09-2024',
      },
    ],
  },
  {
    // The library's rule makes every 19 March a holiday in ES-PV; 2026 has it again.
    country: 'ES',
    state: 'PV',
    corrections: [
      {
        kind: 'remove',
        date: '2025-03-19',
        source:
          'Resolución de 15 de octubre de 2024, Dirección General de Trabajo, BOE núm. 252 de ' +
          '18-10-2024 (BOE-A-2024-21316), País Vasco: calendar approved by the Basque Government ' +
          'on 23-04-2024, without San José',
      },
    ],
  },
  {
    country: 'US',
    corrections: [
      {
        kind: 'add',
        date: '2025-01-09',
        name: 'National Day of Mourning for President Carter (executive departments closed)',
        source:
          'Executive Order 14133 of December 30, 2024, "Providing for the Closing of Executive ' +
          'Departments and Agencies of the Federal Government on January 9, 2025", 90 FR 187 ' +
          '(2025-01-03)',
      },
      {
        kind: 'add',
        date: '2025-12-24',
        name: 'Christmas Eve (executive departments closed)',
        source:
          'Executive Order of December 18, 2025, "Providing for the Closure of Executive ' +
          'Departments and Agencies of the Federal Government on December 24, 2025, and ' +
          'December 26, 2025" (Federal Register 2025-12-23)',
        note: 'Not a legal public holiday under 5 U.S.C. 6103(a); federal offices were closed.',
      },
      {
        kind: 'add',
        date: '2025-12-26',
        name: 'Day after Christmas (executive departments closed)',
        source: 'Executive Order of December 18, 2025 (see 2025-12-24)',
      },
    ],
  },
  {
    country: 'EC',
    corrections: [
      {
        kind: 'removeRule',
        rule: 'easter -3',
        fromYear: 2017,
        source:
          'Código del Trabajo art. 65 and LOSEP, as reformed by the Ley Orgánica Reformatoria, ' +
          'R.O. Supl. 906 of 2016-12-20: the holidays are 1 Jan, Carnival Mon–Tue, Good Friday, ' +
          '1 and 24 May, 10 Aug, 9 Oct, 2 and 3 Nov, 25 Dec; Holy Thursday is not one',
      },
      {
        kind: 'removeRule',
        rule: '09-10',
        source: 'Independencia de Guayaquil is 9 October (Código del Trabajo art. 65, as above)',
        note: 'The library has it on 10 September (its rule reads 09-10).',
      },
      {
        kind: 'addYearly',
        monthDay: '10-09',
        name: 'Independencia de Guayaquil',
        fromYear: 1900,
        source: 'Código del Trabajo art. 65 (9 de octubre); moved by the transfer law from 2017',
      },
      {
        kind: 'add',
        date: '2025-01-02',
        name: 'Suspensión de jornada (Año Nuevo)',
        source: 'Decreto Ejecutivo 474 of 2024-12-06: 2 and 3 January 2025, not recoverable',
      },
      {
        kind: 'add',
        date: '2025-01-03',
        name: 'Suspensión de jornada (Año Nuevo)',
        source: 'Decreto Ejecutivo 474 of 2024-12-06',
      },
      {
        kind: 'add',
        date: '2025-04-17',
        name: 'Suspensión de jornada (Jueves Santo)',
        source:
          'Decreto Ejecutivo 598 (April 2025): working day suspended, public sector to recover it',
        note: 'Offices closed, though not a feriado in law; kept as non-working for deadlines.',
      },
      {
        kind: 'add',
        date: '2025-10-09',
        name: 'Suspensión de jornada (Independencia de Guayaquil)',
        source: 'Decreto Ejecutivo 172 of 2025-10-02: Thursday 9 October 2025, not recoverable',
      },
      {
        kind: 'add',
        date: '2026-01-02',
        name: 'Suspensión de jornada (Año Nuevo)',
        source: 'Decreto Ejecutivo 249 of 2025-12-17: Friday 2 January 2026, not recoverable',
      },
    ],
  },
  {
    country: 'MA',
    corrections: [
      {
        kind: 'addYearly',
        monthDay: '01-14',
        name: 'Nouvel An amazigh (Yennayer)',
        fromYear: 2024,
        source:
          'Royal Cabinet communiqué of 2023-05-03 making the Amazigh New Year a paid public ' +
          'holiday; date fixed at 14 January by the Government (2023)',
      },
      {
        kind: 'addYearly',
        monthDay: '10-31',
        name: 'Aïd Al Wahda (Fête de l’Unité)',
        fromYear: 2026,
        source:
          'Décret n° 2.25.1140 amending décret n° 2.77.169 of 28 February 1977 (public holidays ' +
          'of the administrations) and décret n° 2.26.14 of 27 January 2026 (private sector), ' +
          'Bulletin officiel n° 7480; Royal Cabinet communiqué of 2025-11-04',
      },
      {
        kind: 'extendRule',
        rule: '1 Shawwal',
        days: 2,
        source:
          'Décret n° 2.77.169 of 28 February 1977 fixing the public holidays of the ' +
          'administrations: Aïd Al Fitr is two days (1–2 Chaoual)',
      },
      {
        kind: 'extendRule',
        rule: '10 Dhu al-Hijjah',
        days: 2,
        source:
          'Décret n° 2.77.169 of 28 February 1977: Aïd Al Adha is two days (10–11 Dou Al Hijja)',
      },
      {
        kind: 'extendRule',
        rule: '12 Rabi al-awwal',
        days: 2,
        source:
          'Décret n° 2.77.169 of 28 February 1977: Aïd Al Mawlid is two days (the feast and the ' +
          'next day, e.g. 1–2 December 2017, 20–21 November 2018)',
      },
      {
        kind: 'move',
        from: '2025-03-30',
        to: '2025-03-31',
        confidence: 'announced',
        source:
          'Ministère des Habous et des Affaires islamiques, communiqué of 2025-03-30: 1 Chaoual ' +
          '1446 = Monday 31 March 2025',
      },
      {
        kind: 'move',
        from: '2025-06-06',
        to: '2025-06-07',
        confidence: 'announced',
        source:
          'Ministère des Habous, communiqué of 2025-05-27: 1 Dou Al Hijja 1446 = Thursday 29 May, ' +
          'Aïd Al Adha = Saturday 7 June 2025',
      },
      {
        kind: 'add',
        date: '2025-06-09',
        name: 'Congé exceptionnel (Aïd Al Adha)',
        source:
          'Chef du Gouvernement, communiqué (June 2025), under art. 3 of décret n° 2.05.916 of ' +
          '20 July 2005: administrations and collectivités territoriales closed on Monday 9 June',
      },
      {
        kind: 'move',
        from: '2025-06-26',
        to: '2025-06-27',
        confidence: 'announced',
        source:
          'Ministère des Habous, communiqué of 2025-06-26: 1 Moharram 1447 = Friday 27 June 2025',
      },
      {
        kind: 'move',
        from: '2025-09-04',
        to: '2025-09-05',
        confidence: 'announced',
        source:
          'Ministère des Habous, communiqué of 2025-08-23: 1 Rabii I 1447 = Monday 25 August, ' +
          'Aïd Al Mawlid = Friday 5 September 2025',
      },
      {
        kind: 'add',
        date: '2026-03-23',
        name: 'Congé exceptionnel (Aïd Al Fitr)',
        source:
          'Chef du Gouvernement, communiqué of March 2026, under art. 3 of décret n° 2.05.916: ' +
          'administrations closed on Monday 23 March 2026',
        note: 'Aïd Al Fitr 1447 itself was Friday 20 March (Habous, 2026-03-19), as the library has.',
      },
    ],
  },
  {
    country: 'SN',
    corrections: [
      {
        kind: 'remove',
        date: '2025-03-30',
        confidence: 'announced',
        source:
          'CONACOC (Commission nationale de concertation sur le croissant lunaire), 2025-03-30: ' +
          'Korité on Monday 31 March 2025 (the library has Sunday 30 and its Monday substitute)',
      },
      {
        kind: 'move',
        from: '2025-06-06',
        to: '2025-06-07',
        confidence: 'announced',
        source:
          'CONACOC communiqué of 2025-05-28: 1 Dhul Hijja = 29 May, Tabaski = Saturday 7 June 2025',
      },
      {
        kind: 'move',
        from: '2025-08-12',
        to: '2025-08-13',
        confidence: 'announced',
        source:
          'Commission religieuse of the Khalife général des Mourides (July 2025): Grand Magal ' +
          '(18 Safar 1447) on Wednesday 13 August 2025 (loi n° 2013-06 makes the Magal a holiday)',
      },
    ],
  },
  {
    country: 'ML',
    corrections: [
      {
        kind: 'move',
        from: '2025-09-04',
        to: '2025-09-11',
        confidence: 'announced',
        source:
          'Ministère du Travail, de la Fonction publique et du Dialogue social, communiqué of ' +
          'September 2025 (loi n° 05-040 of 22 July 2005): Thursday 11 September 2025, Maouloud ' +
          '(baptême du Prophète), chômé et payé',
      },
      {
        kind: 'add',
        date: '2025-09-12',
        name: 'Lendemain du Maouloud',
        source: 'Same communiqué: Friday 12 September 2025, lendemain de la fête, chômé et payé',
      },
    ],
  },
];
