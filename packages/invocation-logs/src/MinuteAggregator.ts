import { computeCost, resolveModel, type CatalogOverrides, type ResolvedModel } from '@kensa/bedrock';
import { BMAS } from './bmas';
import type { InvocationRecord, IssueCallback } from './RecordParser';
import type { IdentityMode } from './types';

/** The dimensions one aggregated series is published under. */
export interface SeriesDimensions {
  ModelFamily: string;
  BaseModelId: string;
  InferenceProfile: string;
  InferenceProfileId: string;
  SourceRegion: string;
  InferenceRegion: string;
  Operation: string;
  Identity: string;
}

/** Sums for one minute × dimension combination. */
export interface Series {
  minuteMs: number;
  dimensions: SeriesDimensions;
  invocations: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Undefined when the model has no known price: absent, never 0. Set by {@link MinuteAggregator.series}. */
  costUsd?: number;
  /** Invocations served in another region than the one called. */
  crossRegion: number;
  /** True for profiles that may route across regions, where a 0 cross-region count is information. */
  routable: boolean;
  errors: Map<string, number>;
}

interface SeriesState extends Series {
  resolved: ResolvedModel;
}

export interface MinuteAggregatorOptions {
  identity?: IdentityMode;
  maxSeries?: number;
  catalog?: CatalogOverrides;
}

interface ModelView {
  /** Small number standing for the model id in series keys: hashing a 100-character ARN per record is not free. */
  index: number;
  resolved: ResolvedModel;
  family: string;
  baseId: string;
  profile: string;
  profileId: string;
}

const MINUTE_MS = 60_000;
const LABEL_CACHE_LIMIT = 10_000;
// Negative indices cannot collide with the counter.
const OTHER = { value: '_other', index: -1 };
const NONE = { value: '-', index: -2 };
const UNKNOWN = { value: 'unknown', index: -3 };
const MODEL_CACHE_LIMIT = 1000;
const IDENTITY_CACHE_LIMIT = 10_000;

/** Sums records per minute × model × profile × regions × operation × identity, with bounded state. */
export class MinuteAggregator {
  private readonly identityMode: IdentityMode;
  private readonly maxSeries: number;
  private readonly catalog: CatalogOverrides | undefined;
  private readonly byKey = new Map<string, SeriesState>();
  private readonly identities = new Map<string, { value: string; index: number }>();
  /** Regions and operations → small numbers, for the same reason. */
  private readonly labels = new Map<string, number>();
  /** Never reused, even after a cache is cleared: a key must not come to mean another series. */
  private nextIndex = 0;
  private readonly models = new Map<string, ModelView>();
  private foldedIdentities = false;

  constructor(options: MinuteAggregatorOptions = {}) {
    this.identityMode = options.identity ?? 'role';
    this.maxSeries = options.maxSeries ?? 20_000;
    this.catalog = options.catalog;
  }

  get seriesCount(): number {
    return this.byKey.size;
  }

  /** Whether the series limit forced identities into `_other` for this object. */
  get folded(): boolean {
    return this.foldedIdentities;
  }

  /** Adds one record; returns false when it had to be dropped to keep memory bounded. */
  add(record: InvocationRecord, lineNumber: number, report: IssueCallback): boolean {
    const model = this.model(record.modelId);
    if ((model.profile === 'cross_region' || model.profile === 'global') && !record.inferenceRegionLogged) {
      report(BMAS.NO_INFERENCE_PROFILE, `${record.modelId}: cross-region profile without inferenceRegion; served region unknown`, lineNumber, false);
    } else if (model.profile === 'unknown') {
      report(BMAS.NO_INFERENCE_PROFILE, `${record.modelId}: inference profile could not be determined`, lineNumber, false);
    }
    const inferenceRegion = record.inferenceRegionLogged || model.profile === 'none' ? record.inferenceRegion : 'unknown';
    let identity = this.identityOf(record.identityArn);
    let key = this.keyOf(record, model, inferenceRegion, identity.index);
    let series = this.byKey.get(key);
    if (series === undefined && this.byKey.size >= this.maxSeries) {
      identity = OTHER;
      this.foldedIdentities = true;
      key = this.keyOf(record, model, inferenceRegion, identity.index);
      series = this.byKey.get(key);
      if (series === undefined && this.byKey.size >= this.maxSeries * 2) {
        report(BMAS.MEMORY_LIMIT, `more than ${this.maxSeries * 2} series in one object; record dropped`, lineNumber, true);
        return false;
      }
    }
    if (series === undefined) {
      series = {
        minuteMs: record.minuteMs,
        dimensions: {
          ModelFamily: model.family,
          BaseModelId: model.baseId,
          InferenceProfile: model.profile,
          InferenceProfileId: model.profileId,
          SourceRegion: record.sourceRegion,
          InferenceRegion: inferenceRegion,
          Operation: record.operation,
          Identity: identity.value,
        },
        invocations: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        crossRegion: 0,
        routable: model.profile === 'cross_region' || model.profile === 'global',
        errors: new Map(),
        resolved: model.resolved,
      };
      this.byKey.set(key, series);
    }
    series.invocations += 1;
    series.inputTokens += record.inputTokens;
    series.outputTokens += record.outputTokens;
    series.cacheReadTokens += record.cacheReadTokens;
    series.cacheWriteTokens += record.cacheWriteTokens;
    if (record.inferenceRegionLogged && record.inferenceRegion !== record.sourceRegion) series.crossRegion += 1;
    if (record.errorCode !== undefined) series.errors.set(record.errorCode, (series.errors.get(record.errorCode) ?? 0) + 1);
    return true;
  }

  /**
   * The sums, priced. On-demand prices are per token, so the cost of a series' summed tokens equals the sum
   * of its calls' costs; pricing once per series keeps a per-record allocation off the hot path.
   */
  series(): Series[] {
    const out: Series[] = [];
    for (const { resolved, ...series } of this.byKey.values()) {
      const cost = computeCost(resolved, {
        inputTokens: series.inputTokens,
        outputTokens: series.outputTokens,
        cacheReadInputTokens: series.cacheReadTokens,
        cacheWriteInputTokens: series.cacheWriteTokens,
      });
      if (cost !== undefined) series.costUsd = cost.totalUsd;
      out.push(series);
    }
    return out;
  }

  private keyOf(record: InvocationRecord, model: ModelView, inferenceRegion: string, identity: number): string {
    return `${record.minuteMs / MINUTE_MS},${model.index},${this.label(record.sourceRegion)},${this.label(inferenceRegion)},${this.label(record.operation)},${identity}`;
  }

  private label(value: string): number {
    let index = this.labels.get(value);
    if (index === undefined) {
      if (this.labels.size >= LABEL_CACHE_LIMIT) this.labels.clear();
      index = this.nextIndex++;
      this.labels.set(value, index);
    }
    return index;
  }

  private model(modelId: string): ModelView {
    const cached = this.models.get(modelId);
    if (cached !== undefined) return cached;
    const resolved = resolveModel(modelId, this.catalog);
    const view: ModelView = {
      index: this.nextIndex++,
      resolved,
      family: resolved.family,
      baseId: resolved.baseId ?? modelId,
      profile: resolved.profile,
      profileId: profileIdOf(resolved, modelId),
    };
    if (this.models.size >= MODEL_CACHE_LIMIT) this.models.clear();
    this.models.set(modelId, view);
    return view;
  }

  private identityOf(arn: string | undefined): { value: string; index: number } {
    if (this.identityMode === 'none') return NONE;
    if (arn === undefined) return UNKNOWN;
    const cached = this.identities.get(arn);
    if (cached !== undefined) return cached;
    // arn:aws:sts::<account>:assumed-role/<role>/<session>: the session name changes per call.
    const value = this.identityMode === 'arn' ? arn : (/^(arn:[^:]+:sts::\d*:assumed-role\/[^/]+)\//.exec(arn)?.[1] ?? arn);
    if (this.identities.size >= IDENTITY_CACHE_LIMIT) this.identities.clear();
    // Sessions of one role share the role's index, so they land in one series.
    const index = this.identityMode === 'arn' ? this.nextIndex++ : this.label(`identity:${value}`);
    const entry = { value, index };
    this.identities.set(arn, entry);
    return entry;
  }
}

function profileIdOf(resolved: ResolvedModel, modelId: string): string {
  switch (resolved.profile) {
    case 'none':
      return 'none';
    case 'cross_region':
    case 'global':
      return resolved.profilePrefix ?? 'unknown';
    default: {
      // Application/provisioned/custom ARNs end in the resource id, which is what the console shows.
      const slash = modelId.lastIndexOf('/');
      return slash >= 0 ? modelId.slice(slash + 1) : modelId;
    }
  }
}
