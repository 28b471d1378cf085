import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordJurisdictionIndicatorsInput } from '../jurisdictions/indicators/jurisdiction-indicator.input';
import type { JurisdictionIndicatorService } from '../jurisdictions/indicators/jurisdiction-indicator.service';

/**
 * Loads every published indicator file of a folder (`indicators/*.json`: the indicator, its
 * year and source, and a value per jurisdiction code). A file loaded again replaces that
 * year's values; a file naming an unknown place is refused whole.
 */
export async function loadIndicatorFiles(
  folder: string,
  service: JurisdictionIndicatorService,
): Promise<{ key: string; file: string; published: boolean }[]> {
  if (!existsSync(folder)) return [];
  const out = [];
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const input = JSON.parse(
      readFileSync(join(folder, file), 'utf8'),
    ) as RecordJurisdictionIndicatorsInput;
    await service.record(input);
    out.push({ key: `${input.indicator} ${input.year}`, file, published: true });
  }
  return out;
}
