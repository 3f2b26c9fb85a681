import { addChunkStyles } from './chunk-styles.js';
import css from './link-buttons.css?inline';

// Shared by the chunks that draw link buttons (LinkButtons, NavigateMessage); a module runs once.
addChunkStyles(css);
