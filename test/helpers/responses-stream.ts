/** One event of a Responses API stream as a client reads it: its `event:` name and its parsed `data:`. */
export interface ResponsesEvent {
  event: string | undefined;
  data: any;
}

/** The events of a Responses API stream's text (one `data:` line each, as OpenAI sends them). */
export function parseEvents(text: string): ResponsesEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      const lines = block.split("\n");
      const name = lines.find((line) => line.startsWith("event: "))?.slice("event: ".length);
      const data = lines.find((line) => line.startsWith("data: "))?.slice("data: ".length);
      if (data === undefined) throw new Error(`an event without data: ${block}`);
      return { event: name, data: JSON.parse(data) };
    });
}
