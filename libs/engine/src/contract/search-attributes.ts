import {
  defineSearchAttributeKey,
  SearchAttributeType,
} from '@temporalio/common/lib/search-attributes';

/**
 * What Temporal indexes an application's workflow by, so its UI lists applications by
 * programme, version, place, status and call. Registered on the dev server at start; the
 * engine sets them only where the namespace has them (an external cluster may not).
 */
export const SEARCH_ATTRIBUTES = {
  programme: defineSearchAttributeKey('CodevProgramme', SearchAttributeType.KEYWORD),
  version: defineSearchAttributeKey('CodevProgrammeVersion', SearchAttributeType.INT),
  jurisdiction: defineSearchAttributeKey('CodevJurisdiction', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('CodevStatus', SearchAttributeType.KEYWORD),
  call: defineSearchAttributeKey('CodevCall', SearchAttributeType.KEYWORD),
} as const;
