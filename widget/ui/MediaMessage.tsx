import type { ActionViewProps } from './action-view-props.js';
import { MediaContent } from './MediaContent.js';

export function MediaMessage({ payload }: ActionViewProps<'media'>) {
  return (
    <div class="media">
      <MediaContent link={payload.link} type={payload.type} name={payload.name} />
    </div>
  );
}
