// The views read signals' .value while rendering: @preact/signals re-renders them when those change.
import '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConsoleController } from '../state/console-controller.js';
import type { ConsoleState } from '../state/console-state.js';

/** The console's state and what the agent can do, for every view (no prop chains). */
export interface ConsoleContextValue {
  state: ConsoleState;
  controller: ConsoleController;
}

export const ConsoleContext = createContext({} as ConsoleContextValue);

export const useConsole = (): ConsoleContextValue => useContext(ConsoleContext);
