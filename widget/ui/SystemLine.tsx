import type { StringKey } from '../i18n/en.js';
import { usePanel } from './panel-context.js';

export interface SystemLineProps {
  text: StringKey;
}

/** A short centered line for what happens to the conversation: a handover, the end. */
export function SystemLine({ text }: SystemLineProps) {
  const { t } = usePanel();
  return <p class="system-line">{t[text]}</p>;
}

/** The view of an action shown as one system line. */
export function systemLine(text: StringKey) {
  return function SystemLineView() {
    return <SystemLine text={text} />;
  };
}
