// The Thiès parties of the France–Senegal demos (demo/parties.json) and the applications the
// suites make of them: a migrant's savings account and the workshop she invests in.

export const SAVER = 'Épargnante de Montreuil (Thiès)';
export const BANK = 'Banque coopérative de Montreuil';
export const WORKSHOP = 'Atelier Ndiaye Couture';
export const FRANCE = 'Gouvernement de la République française';
export const SENEGAL = 'Gouvernement du Sénégal';
export const LENDER = "Mutuelle d'épargne et de crédit de Thiès";

const idOf = (orgs: Map<string, string>) => (name: string) => {
  const id = orgs.get(name);
  if (!id) throw new Error(`no demo organisation ${name}`);
  return id;
};

/** The saver's co-development savings account at her bank (with the French state's premium if asked). */
export function savingsAccountInput(
  orgs: Map<string, string>,
  title: string,
  { totalAmount = '30000', premium = false } = {},
) {
  const org = idOf(orgs);
  return {
    programmeKey: 'fr-epargne-codeveloppement',
    title,
    sector: 'INCOME_GENERATING',
    projectJurisdictionCode: 'SN-TH-THIES',
    totalAmount,
    parties: [
      { role: 'saver', organisationId: org(SAVER) },
      { role: 'bank', organisationId: org(BANK) },
      ...(premium ? [{ role: 'fr-state', organisationId: org(FRANCE) }] : []),
    ],
  };
}

/** The workshop's XOF 20,000,000 project under France–Senegal co-development. */
export function workshopProjectInput(orgs: Map<string, string>, title: string) {
  const org = idOf(orgs);
  return {
    programmeKey: 'fr-sn-codev-investissement',
    title,
    sector: 'INCOME_GENERATING',
    projectJurisdictionCode: 'SN-TH-THIES',
    totalAmount: '20000000',
    documents: [{ documentType: 'BUSINESS_PLAN', uri: 'https://docs.example.org/atelier.pdf' }],
    parties: [
      { role: 'entrepreneur', organisationId: org(WORKSHOP) },
      { role: 'fr-state', organisationId: org(FRANCE) },
      { role: 'sn-state', organisationId: org(SENEGAL) },
      { role: 'lender', organisationId: org(LENDER) },
    ],
  };
}
