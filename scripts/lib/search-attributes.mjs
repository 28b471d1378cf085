// The engine's search attributes (libs/engine/src/contract/search-attributes.ts), as the dev
// server's --search-attribute flags want them; a unit test keeps the two lists the same.
export const SEARCH_ATTRIBUTE_FLAGS = [
  'CodevProgramme=Keyword',
  'CodevProgrammeVersion=Int',
  'CodevJurisdiction=Keyword',
  'CodevStatus=Keyword',
  'CodevCall=Keyword',
];
