// GOV.UK Frontend starts from this static file: the Content-Security-Policy forbids inline scripts.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initReveals } from "./reveal.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initReveals();
