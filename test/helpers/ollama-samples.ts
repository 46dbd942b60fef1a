/** The tool of the Ollama API documentation's examples, shared by the request and end-to-end tests. */
export const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_current_weather",
    description: "Get the current weather for a location",
    parameters: {
      type: "object",
      properties: { location: { type: "string" }, format: { type: "string", enum: ["celsius", "fahrenheit"] } },
    },
  },
};
