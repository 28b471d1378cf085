/** The documents required that an application lacks, each as a defect to fix. */
export function missingDocuments(
  requiredDocuments: readonly string[],
  documents: readonly { documentType: string }[],
): string[] {
  const present = new Set(documents.map((d) => d.documentType));
  return requiredDocuments.filter((t) => !present.has(t)).map((t) => `a ${t} document is missing`);
}
