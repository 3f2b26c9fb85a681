import type { SystemLineName } from '../../shared/index.js';
import { systemLineOf } from '../rules/action-kinds.js';
import type { ActionViewProps } from './action-view-props.js';
import { usePanel } from './panel-context.js';

/** The view of an action shown as a short centered line: what happens to the conversation (a handover, the end). */
export function SystemLine({ message }: ActionViewProps<SystemLineName>) {
  const { t } = usePanel();
  const text = systemLineOf(message.packet);
  return text ? <p class="system-line">{t[text]}</p> : null;
}
