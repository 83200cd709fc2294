import { ValueType, type Attributes, type Histogram, type Meter, type ObservableCounter, type ObservableResult } from '@opentelemetry/api';
import {
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_TOKEN_USAGE_BUCKETS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_KENSA_GEN_AI_CLIENT_COST,
} from '@kensa/semconv';
import { sc } from './names';

/** The attribute sets of one call's metric points: duration and time to first chunk; input and output tokens. */
export interface CallMetricAttributes {
  readonly call: Attributes;
  readonly inputTokens: Attributes;
  readonly outputTokens: Attributes;
}

/** What a call's metric attributes are made of. */
export interface CallShape {
  operation: string;
  requestModel: string | undefined;
  responseModel: string | undefined;
  errorType: string | undefined;
  serverAddress: string | undefined;
  serverPort: number | undefined;
}

const MAX_SHAPES = 1024;

/** The four GenAI client instruments, with the bucket boundaries of the GenAI conventions as advice. */
export class Instruments {
  readonly tokenUsage: Histogram;
  readonly duration: Histogram;
  readonly timeToFirstChunk: Histogram;
  readonly cost: ObservableCounter;
  /** What `kensa.gen_ai.client.cost` reports; calls add to it with `addCost`. */
  private readonly costTotals = new CostTotals();
  /**
   * Frozen attribute sets by call shape. An app makes calls of a handful of shapes (operation, model,
   * error type, endpoint), and building, spreading and then dropping four objects per call showed in
   * bench:bedrock's profile; the metrics SDK only reads them (it keeps a new series' object as is).
   * Keyed by each part in turn rather than by one string joined from all six: joining and hashing
   * that string was ~2 µs a call, the six lookups (of strings that mostly come from the same
   * objects call after call, hashes cached) a fraction of it.
   */
  private readonly shapes: ShapeLevel = new Map();
  private shapeCount = 0;
  /** By requested model, the last shape seen for it and its sets. */
  private readonly recent = new Map<string | undefined, CallShape & { sets: CallMetricAttributes }>();

  constructor(meter: Meter) {
    this.tokenUsage = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      unit: '{token}',
      description: 'Number of input and output tokens used per GenAI call',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: [...GEN_AI_TOKEN_USAGE_BUCKETS] },
    });
    this.duration = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      unit: 's',
      description: 'Duration of GenAI calls, failures included',
      advice: { explicitBucketBoundaries: [...GEN_AI_DURATION_BUCKETS] },
    });
    this.timeToFirstChunk = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, {
      unit: 's',
      description: 'Time from the request until the first content-bearing chunk of a stream reached the application',
      advice: { explicitBucketBoundaries: [...GEN_AI_DURATION_BUCKETS] },
    });
    // Asynchronous: the metrics SDK hashes a synchronous point's whole attribute set on every
    // record (sort, JSON.stringify, a Map lookup by that string), ~9 µs a point in bench:bedrock's
    // profile. A running total is what an asynchronous counter is for: a call adds to a number, and
    // the SDK reads the totals once per collection.
    this.cost = meter.createObservableCounter(METRIC_KENSA_GEN_AI_CLIENT_COST, {
      unit: 'USD',
      description: 'Estimated on-demand cost of GenAI calls (models with a known price only)',
    });
    this.cost.addCallback((result) => this.costTotals.observe(result));
  }

  /** Adds one call's cost to `kensa.gen_ai.client.cost`. */
  addCost(operation: string, requestModel: string | undefined, usd: number): void {
    this.costTotals.add(operation, requestModel, usd);
  }

  /** The attribute sets for a call of this shape, shared by every call of the same shape. */
  attributesFor(shape: CallShape): CallMetricAttributes {
    // A model's calls mostly repeat the last shape seen for it: five compares instead of six lookups.
    const recent = this.recent.get(shape.requestModel);
    if (
      recent !== undefined &&
      recent.operation === shape.operation &&
      recent.responseModel === shape.responseModel &&
      recent.errorType === shape.errorType &&
      recent.serverAddress === shape.serverAddress &&
      recent.serverPort === shape.serverPort
    ) {
      return recent.sets;
    }
    const sets = this.lookup(shape);
    if (this.recent.size >= MAX_SHAPES) this.recent.clear();
    this.recent.set(shape.requestModel, { ...shape, sets });
    return sets;
  }

  private lookup(shape: CallShape): CallMetricAttributes {
    const leaf = level(level(level(level(level(this.shapes, shape.operation), shape.requestModel), shape.responseModel), shape.errorType), shape.serverAddress);
    const port = shape.serverPort ?? '';
    let sets = leaf.get(port) as CallMetricAttributes | undefined;
    if (sets === undefined) {
      const call: Attributes = {
        [sc.ATTR_GEN_AI_OPERATION_NAME]: shape.operation,
        [sc.ATTR_GEN_AI_PROVIDER_NAME]: sc.GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
      };
      if (shape.requestModel) call[sc.ATTR_GEN_AI_REQUEST_MODEL] = shape.requestModel;
      if (shape.responseModel) call[sc.ATTR_GEN_AI_RESPONSE_MODEL] = shape.responseModel;
      if (shape.errorType) call[sc.ATTR_ERROR_TYPE] = shape.errorType;
      if (shape.serverAddress) call[sc.ATTR_SERVER_ADDRESS] = shape.serverAddress;
      if (shape.serverPort !== undefined) call[sc.ATTR_SERVER_PORT] = shape.serverPort;
      sets = Object.freeze({
        call: Object.freeze(call),
        inputTokens: Object.freeze({ ...call, [sc.ATTR_GEN_AI_TOKEN_TYPE]: sc.GEN_AI_TOKEN_TYPE_VALUE_INPUT }),
        outputTokens: Object.freeze({ ...call, [sc.ATTR_GEN_AI_TOKEN_TYPE]: sc.GEN_AI_TOKEN_TYPE_VALUE_OUTPUT }),
      });
      // Bounded: error types or endpoints that vary without end must not grow it.
      if (this.shapeCount >= MAX_SHAPES) {
        this.shapes.clear();
        this.recent.clear();
        this.shapeCount = 0;
        return this.lookup(shape);
      }
      leaf.set(port, sets);
      this.shapeCount++;
    }
    return sets;
  }
}

/** One level of the shape cache: a part of the shape (absent as `undefined`) to the next level. */
type ShapeLevel = Map<string | number | undefined, ShapeLevel | CallMetricAttributes>;

function level(map: ShapeLevel, part: string | undefined): ShapeLevel {
  let next = map.get(part) as ShapeLevel | undefined;
  if (next === undefined) {
    next = new Map();
    map.set(part, next);
  }
  return next;
}

/** Series `kensa.gen_ai.client.cost` keeps at most, as the metrics SDK's default cardinality limit; the rest go to one overflow series. */
export const MAX_COST_SERIES = 2000;

interface CostSeries {
  readonly attributes: Attributes;
  usd: number;
}

/**
 * The running cost totals by operation and requested model: the dimensions cost is queried by
 * (collector/sidecar.yaml declares provider, model, and model with operation; the response model
 * and the endpoint would only multiply the series). Totals only grow, as a counter's must; a
 * series is never dropped, so the SDK never sees a reset. Beyond MAX_COST_SERIES, cost goes to one
 * `otel.metric.overflow` series, as the SDK does for synchronous instruments.
 */
export class CostTotals {
  private readonly byOperation = new Map<string, Map<string | undefined, CostSeries>>();
  private count = 0;
  private overflow: CostSeries | undefined;

  add(operation: string, requestModel: string | undefined, usd: number): void {
    if (!(usd > 0) || !Number.isFinite(usd)) return;
    let models = this.byOperation.get(operation);
    if (models === undefined) {
      models = new Map();
      this.byOperation.set(operation, models);
    }
    let series = models.get(requestModel);
    if (series === undefined) {
      if (this.count >= MAX_COST_SERIES) {
        this.overflow ??= { attributes: Object.freeze({ [sc.ATTR_OTEL_METRIC_OVERFLOW]: true }), usd: 0 };
        this.overflow.usd += usd;
        return;
      }
      const attributes: Attributes = {
        [sc.ATTR_GEN_AI_OPERATION_NAME]: operation,
        [sc.ATTR_GEN_AI_PROVIDER_NAME]: sc.GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
      };
      if (requestModel) attributes[sc.ATTR_GEN_AI_REQUEST_MODEL] = requestModel;
      series = { attributes: Object.freeze(attributes), usd: 0 };
      models.set(requestModel, series);
      this.count++;
    }
    series.usd += usd;
  }

  observe(result: ObservableResult): void {
    for (const models of this.byOperation.values()) {
      for (const series of models.values()) result.observe(series.usd, series.attributes);
    }
    if (this.overflow) result.observe(this.overflow.usd, this.overflow.attributes);
  }
}
