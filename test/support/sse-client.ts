/** One Server-Sent Event as a browser's EventSource would hand it over. */
export interface ReceivedEvent {
  event: string;
  id: string | null;
  data: any;
  /** performance.now() when it arrived. */
  at: number;
}

/**
 * A Server-Sent Events client over fetch, reading the stream as EventSource does (fields
 * `event`, `id`, `data`, comment lines, blank line ends an event), for tests and benches.
 */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  status = 0;
  headers: Headers | null = null;
  comments = 0;
  /** The last `id:` received: what a browser would send back as Last-Event-ID. */
  lastEventId: string | null = null;
  ended = false;
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];
  private reading: Promise<void> = Promise.resolve();

  private constructor() {}

  /** Opens the stream; resolves once the response's status and headers are in. */
  static async open(
    url: string,
    headers: Record<string, string> = {},
    lastEventId: string | null = null,
  ): Promise<SseClient> {
    const client = new SseClient();
    client.lastEventId = lastEventId;
    const response = await fetch(url, {
      headers: {
        accept: 'text/event-stream',
        ...headers,
        ...(lastEventId !== null ? { 'last-event-id': lastEventId } : {}),
      },
      signal: client.abort.signal,
    });
    client.status = response.status;
    client.headers = response.headers;
    if (response.status !== 200 || !response.body) {
      await response.text().catch(() => undefined);
      client.ended = true;
      return client;
    }
    client.reading = client.read(response.body);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = 'message';
    let id: string | null = null;
    let data: string[] = [];
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (id !== null) this.lastEventId = id;
            if (data.length > 0) {
              const text = data.join('\n');
              let parsed: unknown = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                // not JSON: keep the text
              }
              this.events.push({ event, id, data: parsed, at: performance.now() });
              this.wake();
            }
            event = 'message';
            id = null;
            data = [];
          } else if (line.startsWith(':')) {
            this.comments++;
            this.wake();
          } else {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
            else if (field === 'id') id = value;
          }
        }
      }
    } catch {
      // aborted
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Waits until `test` holds over what arrived (checked at each arrival), or throws after `timeoutMs`. */
  async until<T>(test: (events: ReceivedEvent[]) => T | undefined | false, timeoutMs = 5_000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = test(this.events);
      if (found) return found;
      if (this.ended) throw new Error(`stream ended; received: ${JSON.stringify(this.events)}`);
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(`nothing matched in ${timeoutMs} ms; received: ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The change events received so far. */
  changes(): ReceivedEvent[] {
    return this.events.filter((e) => e.event === 'change');
  }

  /** Waits for the server to end the stream. */
  async ending(timeoutMs = 5_000): Promise<void> {
    await this.until(() => this.ended || undefined, timeoutMs).catch((error) => {
      if (!this.ended) throw error;
    });
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }
}
