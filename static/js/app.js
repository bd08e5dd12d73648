// Loaded by templates/base.html as <script type="module">.
//
// NHS.UK frontend's initAll() does nothing unless <body> has the class
// `nhsuk-frontend-supported`. Its page template adds that class (and the older
// `js-enabled`) with an inline script, which our Content Security Policy
// forbids; a module script only runs in the browsers that inline script's
// `noModule` test accepts, so add the classes here instead.
import { initAll } from './nhsuk-frontend.min.js';

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();
