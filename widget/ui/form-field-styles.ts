import { addChunkStyles } from './chunk-styles.js';
import css from './form-fields.css?inline';

// Shared by the chunks with a small form (RegistrationCard, InlineForm, PeopleBar); a module runs once.
addChunkStyles(css);
