import {
  ApiError,
  ConditionFailedError,
  InterruptedError,
  InvalidInputError,
  LINE_MAX_LENGTH,
  TimeoutError,
  oneLine,
} from '../backend';
import { CtyDecodeError } from './cty';

/** tfplugin6 AttributePath: where in the configuration a diagnostic points. */
export interface AttributePath {
  readonly steps: readonly {
    readonly attribute_name?: string;
    readonly element_key_string?: string;
    readonly element_key_int?: number;
  }[];
}

/** tfplugin6 Diagnostic. */
export interface Diagnostic {
  readonly severity: 1 | 2;
  readonly summary: string;
  readonly detail: string;
  readonly attribute?: AttributePath;
}

export const ERROR = 1;
export const WARNING = 2;

/** A path of attribute names (and list indexes): `attributePath('wait', 'timeout')`. */
export function attributePath(...steps: readonly (string | number)[]): AttributePath {
  return {
    steps: steps.map((step) =>
      typeof step === 'number' ? { element_key_int: step } : { attribute_name: step },
    ),
  };
}

export function errorDiagnostic(summary: string, detail: string, attribute?: AttributePath): Diagnostic {
  return {
    severity: ERROR,
    summary: oneLine(summary, LINE_MAX_LENGTH),
    detail: oneLine(detail, LINE_MAX_LENGTH),
    ...(attribute ? { attribute } : {}),
  };
}

/**
 * The one place errors become diagnostics: the CLI's one-line message as the detail, under a summary
 * that says which kind of failure it is. No message holds a credential (the shared errors never
 * carry one); anything unexpected is cut to one line.
 */
export function diagnosticForError(error: unknown, attribute?: AttributePath): Diagnostic {
  // The shared messages name options through the labeller the provider passed: attribute names.
  if (error instanceof InvalidInputError) {
    return errorDiagnostic(
      attribute ? 'Invalid argument' : 'Invalid configuration',
      error.message,
      attribute,
    );
  }
  if (error instanceof ConditionFailedError) {
    return errorDiagnostic('Task condition not met', error.message);
  }
  if (error instanceof TimeoutError) {
    return errorDiagnostic('Timed out waiting for tasks', error.message);
  }
  if (error instanceof InterruptedError) {
    return errorDiagnostic('Interrupted', error.message);
  }
  if (error instanceof ApiError) {
    return errorDiagnostic('Task-list API failed', error.message);
  }
  if (error instanceof CtyDecodeError) {
    return errorDiagnostic('Invalid value from Terraform', error.message);
  }
  const text = error instanceof Error ? error.message : String(error);
  return errorDiagnostic('Unexpected error in the taskgate provider', text.split('\n')[0]);
}
