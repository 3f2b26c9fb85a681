import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code is a separate chunk, fetched the first time one is rendered;
 * `Placeholder` renders meanwhile (and for good if the chunk cannot be loaded). Rarely
 * needed views (carousel, list sheet, lightbox...) stay out of what every open widget loads.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, Placeholder: ComponentType<P>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  return function LazyView(props: P) {
    const [, setReady] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      (loading ??= load()).then(
        (view) => {
          loaded = view;
          if (live) setReady(true);
        },
        () => {
          loading = undefined; // the next render tries again
        },
      );
      return () => {
        live = false;
      };
    }, []);
    const View = loaded ?? Placeholder;
    return <View {...props} />;
  };
}

/** A placeholder that shows nothing. */
export const Nothing = () => null;
