/**
 * The project types (sectors) a definition may name: one shared list, so a mistyped sector
 * is refused when a definition is saved instead of silently funding nothing. The codes are
 * the project types and priority areas the source papers name (shared/seeds/); to add one,
 * add it here with what it covers.
 */
export const SECTOR_CODES = {
  URBANISATION: 'Urban infrastructure and public spaces',
  ELECTRIFICATION: 'Electricity networks and public lighting',
  COMMUNITY_DEVELOPMENT_CENTRE: 'Community development centres',
  STREET_PAVING: 'Street paving',
  POTABLE_WATER: 'Drinking-water supply',
  SEWERAGE: 'Sewerage and drainage',
  WATER_AND_SANITATION: 'Water and sanitation (as a priority area)',
  EDUCATION_INFRASTRUCTURE: 'School buildings and equipment',
  EDUCATION: 'Education and training',
  HEALTH_CENTRE: 'Health centres and equipment',
  HEALTH: 'Health (as a priority area)',
  ROADS: 'Roads and bridges',
  SPORTS_FACILITIES: 'Sports facilities',
  INCOME_GENERATING: 'Income-generating and productive projects',
  AGRICULTURE: 'Agriculture, livestock and fisheries',
  MICROENTERPRISE: "Migrants' individual or collective businesses",
  HOUSING: 'Housing',
  GOVERNANCE: 'Local governance and institutional strengthening',
  CULTURE: 'Culture and heritage',
  ENVIRONMENT: 'Environment',
  MOBILITY_OF_PROFESSIONALS: 'Mobility and exchanges of professionals',
  OTHER: 'Other projects the programme names in its rules',
} as const;

export type SectorCode = keyof typeof SECTOR_CODES;

export const isSectorCode = (code: string): code is SectorCode =>
  Object.prototype.hasOwnProperty.call(SECTOR_CODES, code);
