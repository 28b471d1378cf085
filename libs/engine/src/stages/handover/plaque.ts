export const PLAQUE_PLACEHOLDERS = ['project', 'applicant', 'parties', 'amounts', 'year'];

/** Fills a plaque template: {{project}}, {{applicant}}, {{parties}}, {{amounts}}, {{year}}. */
export function renderPlaque(
  template: string,
  facts: {
    project: string;
    applicant: string;
    parties: string[];
    amounts: { party: string; amount: string; currency: string }[];
    year: number;
  },
): string {
  const list = (items: string[]) =>
    items.length <= 1
      ? items.join('')
      : `${items.slice(0, -1).join(', ')} y ${items[items.length - 1]}`;
  const values: Record<string, string> = {
    project: facts.project,
    applicant: facts.applicant,
    parties: list(facts.parties),
    amounts: facts.amounts.map((a) => `${a.party} ${a.currency} ${a.amount}`).join('; '),
    year: String(facts.year),
  };
  return template
    .replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole)
    .replace(/\s+/g, ' ')
    .trim();
}
