import type { SourceStatus } from '../source-item.ts';
import type { NormalizedPriority, NormalizedStatus, NormalizedType, SourceType } from '../source-type.ts';
import { defaultPriority, defaultStatus, defaultType } from './default-rules.ts';
import { lookupOverride, type InstanceMapping } from './instance-mapping.ts';

/** What normalization reads of an item: only stored originals, so a mapping change needs no source call. */
export interface NormalizationInput {
  status: SourceStatus;
  type: string;
  priority: string | null;
  labels: readonly string[];
  hasParent: boolean;
}

export interface Normalized {
  status: NormalizedStatus;
  type: NormalizedType;
  priority: NormalizedPriority;
}

/** The instance's mapping first (by the source's own value), then the source's defaults. */
export function normalizeItem(
  source: SourceType,
  input: NormalizationInput,
  mapping: InstanceMapping,
): Normalized {
  return {
    status: normalizeStatus(source, input.status, input.labels, mapping),
    type:
      lookupOverride(mapping.type, input.type) ??
      defaultType(source, input.type, input.labels, input.hasParent),
    priority:
      lookupOverride(mapping.priority, input.priority) ??
      defaultPriority(source, input.priority, input.labels),
  };
}

export function normalizeStatus(
  source: SourceType,
  status: SourceStatus,
  labels: readonly string[],
  mapping: InstanceMapping,
): NormalizedStatus {
  return lookupOverride(mapping.status, status.name) ?? defaultStatus(source, status, labels);
}
