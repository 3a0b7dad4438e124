/**
 * Fault injection for tests: answer HTTP 429, reject the next N actions, drop or delay WebSocket
 * traffic. Faults are consumed as requests arrive.
 */

/** A fault to inject. */
export type Fault =
  /** The next `count` HTTP requests (info or exchange) are answered `429 Too Many Requests`. */
  | { type: "http429"; count: number }
  /**
   * The next `count` `/exchange` requests are executed but their answer is lost: the connection is
   * reset instead of answering (a timeout or a dropped link after the venue acted).
   */
  | { type: "dropResponses"; count: number }
  /** The next `count` signed actions are refused with `{"status":"err","response":message}`. */
  | { type: "rejectActions"; count: number; message?: string }
  /** Every open WebSocket is closed now (clients must reconnect and resubscribe). */
  | { type: "dropWebSockets" }
  /** The next `count` data pushes (not acks or post replies) are silently lost. */
  | { type: "dropWebSocketMessages"; count: number }
  /** Server → client frames are held back `milliseconds` (0 clears). */
  | { type: "delayWebSocket"; milliseconds: number };

/** Default message of injected action rejections. */
export const INJECTED_REJECTION = "Simulator: action rejected by fault injection.";

/** Pending faults. */
export class FaultInjector {
  private http429 = 0;
  private rejections: Array<string> = [];
  private droppedPushes = 0;
  private droppedResponses = 0;
  /** Delay applied to every server → client WebSocket frame, ms. */
  webSocketDelay = 0;

  /** Registers a fault; `dropWebSockets` is handled by the hub, not here. */
  add(fault: Fault): void {
    if (fault.type === "http429") this.http429 += fault.count;
    else if (fault.type === "rejectActions") {
      for (let index = 0; index < fault.count; index++)
        this.rejections.push(fault.message ?? INJECTED_REJECTION);
    } else if (fault.type === "dropWebSocketMessages") this.droppedPushes += fault.count;
    else if (fault.type === "delayWebSocket") this.webSocketDelay = Math.max(0, fault.milliseconds);
  }

  /** Whether this HTTP request must be answered 429 (consumes one). */
  takeHttp429(): boolean {
    if (this.http429 <= 0) return false;
    this.http429--;
    return true;
  }

  /** The rejection message for this action, or null (consumes one). */
  takeRejection(): string | null {
    return this.rejections.shift() ?? null;
  }

  /** Whether this data push must be dropped (consumes one). */
  takeDroppedPush(): boolean {
    if (this.droppedPushes <= 0) return false;
    this.droppedPushes--;
    return true;
  }

  /** Whether the answer to this executed `/exchange` request must be lost (consumes one). */
  takeDroppedResponse(): boolean {
    if (this.droppedResponses <= 0) return false;
    this.droppedResponses--;
    return true;
  }

  /** Clears every pending fault. */
  clear(): void {
    this.http429 = 0;
    this.rejections = [];
    this.droppedPushes = 0;
    this.droppedResponses = 0;
    this.webSocketDelay = 0;
  }
}
