import type { BotActionPayloads } from '../../shared/index.js';
import { MediaContent } from './MediaContent.js';

export interface MediaMessageProps {
  payload: BotActionPayloads['media'];
}

export function MediaMessage({ payload }: MediaMessageProps) {
  return (
    <div class="media">
      <MediaContent link={payload.link} type={payload.type} name={payload.name} />
    </div>
  );
}
