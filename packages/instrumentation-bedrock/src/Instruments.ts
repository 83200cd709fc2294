import { ValueType, type Attributes, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import {
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_TOKEN_USAGE_BUCKETS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_KENSA_GEN_AI_CLIENT_COST,
} from '@kensa/semconv';
import { sc } from './names';

/** The attribute sets of one call's metric points: duration, time to first chunk and cost; input and output tokens. */
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
  readonly cost: Counter;
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
    this.cost = meter.createCounter(METRIC_KENSA_GEN_AI_CLIENT_COST, {
      unit: 'USD',
      description: 'Estimated on-demand cost of GenAI calls (models with a known price only)',
    });
  }

  /** The attribute sets for a call of this shape, shared by every call of the same shape. */
  attributesFor(shape: CallShape): CallMetricAttributes {
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
        this.shapeCount = 0;
        return this.attributesFor(shape);
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
