import type { RefObject } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "./api/errors.js";

export interface FieldErrorsState<F extends string> {
  errors: Partial<Record<F, string>>;
  /** A failure no field of the form is to blame for, shown above its buttons. */
  formError: string | undefined;
  /** Shows these messages beside their fields and focuses the first field in error. */
  show(found: Partial<Record<F, string>>): void;
  /** An API refusal beside the field its `param` names (through `fieldOf`), else for the whole form. */
  fail(failure: unknown, fieldOf: (error: ApiError) => F | undefined): void;
  clear(): void;
}

export function useFieldErrors<F extends string>(form: RefObject<HTMLFormElement | null>): FieldErrorsState<F> {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const show = (found: Partial<Record<F, string>>) => {
    setErrors(found);
    setFormError(undefined);
    // After the render that marks them: the order the form shows its fields in.
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };
  return {
    errors,
    formError,
    show,
    fail(failure, fieldOf) {
      const field = failure instanceof ApiError ? fieldOf(failure) : undefined;
      if (field) show({ [field]: (failure as Error).message } as Partial<Record<F, string>>);
      else {
        setErrors({});
        setFormError((failure as Error).message);
      }
    },
    clear() {
      setErrors({});
      setFormError(undefined);
    },
  };
}
