import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { embeddableUrl } from '../rules/safe-url.js';
import type { ActionViewProps } from './action-view-props.js';
import css from './carousel.css?inline';
import { addChunkStyles } from './chunk-styles.js';
import { MarkdownText } from './MarkdownText.js';
import { usePanel } from './panel-context.js';

addChunkStyles(css);

/**
 * Cards in a row that scrolls sideways: by touch or trackpad (native scrolling), by mouse
 * (dragging, or the previous/next buttons) and by keyboard (arrow keys move between cards).
 * Each card is the option button itself: image, label as title, description under it.
 */
export function CarouselMessage({ payload, answer, onChoose }: ActionViewProps<'carousel'>) {
  const { t, server } = usePanel();
  const track = useRef<HTMLUListElement>(null);
  const [edges, setEdges] = useState({ atStart: true, atEnd: false });
  const drag = useRef({ x: 0, scroll: 0, moved: false, active: false });
  const answered = answer !== undefined;

  const updateEdges = (): void => {
    const el = track.current;
    if (!el) return;
    // In right-to-left layouts scrollLeft runs from 0 down to negative values.
    const position = Math.abs(el.scrollLeft);
    setEdges({ atStart: position < 4, atEnd: position + el.clientWidth >= el.scrollWidth - 4 });
  };
  useEffect(updateEdges, []);

  const step = (direction: 1 | -1): void => {
    const el = track.current;
    const card = el?.querySelector('li');
    if (!el || !card) return;
    const rtl = getComputedStyle(el).direction === 'rtl';
    el.scrollBy({ left: direction * (rtl ? -1 : 1) * (card.offsetWidth + 10), behavior: 'smooth' });
  };

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLUListElement>): void => {
    const forward = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const el = track.current;
    if (!forward || !el) return;
    event.preventDefault();
    const rtl = getComputedStyle(el).direction === 'rtl';
    const direction = (rtl ? -forward : forward) as 1 | -1;
    const cards = Array.from(el.querySelectorAll<HTMLButtonElement>('.card:not(:disabled)'));
    const index = cards.indexOf(event.target as HTMLButtonElement);
    const next = index >= 0 ? cards[index + direction] : undefined;
    if (next) next.focus(); // focusing scrolls the card into view
    else step(direction);
  };

  // Mouse dragging; touch and pens scroll natively.
  const onPointerDown = (event: JSX.TargetedPointerEvent<HTMLUListElement>): void => {
    if (event.pointerType !== 'mouse' || !track.current) return;
    drag.current = { x: event.clientX, scroll: track.current.scrollLeft, moved: false, active: true };
  };
  const onPointerMove = (event: JSX.TargetedPointerEvent<HTMLUListElement>): void => {
    const state = drag.current;
    if (!state.active || !track.current) return;
    const dx = event.clientX - state.x;
    if (Math.abs(dx) > 5) state.moved = true;
    track.current.scrollLeft = state.scroll - dx;
  };
  const endDrag = (): void => {
    drag.current.active = false;
  };
  // A drag that ends on a card is not a choice.
  const onClickCapture = (event: Event): void => {
    if (drag.current.moved) {
      event.stopPropagation();
      event.preventDefault();
      drag.current.moved = false;
    }
  };

  return (
    <div class="choice carousel">
      {payload.body && (
        <div class="bubble">
          <MarkdownText text={payload.body} />
        </div>
      )}
      <div class="carousel-frame">
        <ul
          class="carousel-track"
          ref={track}
          tabIndex={0}
          aria-label={t.options}
          onScroll={updateEdges}
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerLeave={endDrag}
          onClickCapture={onClickCapture}
        >
          {payload.options.map((option) => {
            const chosen = answer?.id === option.id;
            const src = embeddableUrl(option.image_url, server);
            return (
              <li key={option.id}>
                <button
                  type="button"
                  class={chosen ? 'card chosen' : 'card'}
                  disabled={answered}
                  aria-pressed={answered ? chosen : undefined}
                  onClick={() => onChoose({ id: option.id, label: option.label })}
                >
                  {src ? <img src={src} alt="" loading="lazy" draggable={false} /> : <span class="card-image" />}
                  <span class="card-title">{option.label}</span>
                  {option.description && <span class="card-text">{option.description}</span>}
                </button>
              </li>
            );
          })}
        </ul>
        <button type="button" class="carousel-nav previous" aria-label={t.previous} disabled={edges.atStart} onClick={() => step(-1)}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M15.4 7.4 14 6l-6 6 6 6 1.4-1.4L10.8 12Z" />
          </svg>
        </button>
        <button type="button" class="carousel-nav next" aria-label={t.next} disabled={edges.atEnd} onClick={() => step(1)}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M8.6 16.6 10 18l6-6-6-6-1.4 1.4 4.6 4.6Z" />
          </svg>
        </button>
      </div>
    </div>
  );
}
