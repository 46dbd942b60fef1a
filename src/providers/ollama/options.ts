import { list, object, optional, string, type Validator } from "../../config/validate.js";
import { globToRegExp } from "../../lib/glob.js";

export interface OllamaOptions {
  /** Models whose `think` takes a level (low, medium, high) instead of true/false. */
  thinkLevelModels: RegExp[];
}

const shape = object({ think_level_models: optional(list(string({ nonEmpty: true })), ["gpt-oss*"]) });

/** `providers.<name>.options` for Ollama. */
export const ollamaOptions: Validator<OllamaOptions> = (value, path) => ({
  thinkLevelModels: shape(value, path).think_level_models.map(globToRegExp),
});

export function readOllamaOptions(options: unknown): OllamaOptions {
  return (options as OllamaOptions | undefined) ?? ollamaOptions(undefined, "");
}
