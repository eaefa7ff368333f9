//! The pages every public sector website publishes, linked from every
//! footer: `/accessibility-statement` (in the government's model form),
//! `/privacy`, `/cookies` and `/contact`. Their facts come from the content
//! (`trust.toml`'s contacts, `accessibility.toml`) and from the code they
//! describe (the cookies' names and lifetimes).

use crate::api::load_about_site;
use crate::components::error_page::loaded_page;
use crate::components::page_meta::{site_url, PageMeta};
use crate::components::text::{PhoneLink, TwoThirds};
use crate::directory::long_date;
use crate::model::AboutSitePage;
use crate::paths;
use crate::staff::cookies;
use leptos::prelude::*;

loaded_page! {
    /// The accessibility statement.
    pub AccessibilityStatementPage: vec![("Home", paths::HOME)], |_| load_about_site() => AccessibilityStatement
}

loaded_page! {
    /// The privacy notice for this website.
    pub PrivacyPage: vec![("Home", paths::HOME)], |_| load_about_site() => PrivacyNotice
}

loaded_page! {
    /// The cookies this website sets.
    pub CookiesPage: vec![("Home", paths::HOME)], |_| load_about_site() => CookiesList
}

loaded_page! {
    /// How to contact the trust, and how to report a problem with a page.
    pub ContactPage: vec![("Home", paths::HOME)], |_| load_about_site() => ContactUs
}

/// The website feedback email as a link.
#[component]
fn EmailLink(#[prop(into)] email: String) -> impl IntoView {
    view! { <a href=format!("mailto:{email}")>{email.clone()}</a> }
}

/// Email, telephone and post for website feedback, as a list.
#[component]
fn FeedbackContacts(page: AboutSitePage) -> impl IntoView {
    view! {
        <ul>
            <li>"email " <EmailLink email=page.contacts.website_email /></li>
            <li>"call " <PhoneLink number=page.contacts.website_phone /></li>
            <li>"write to us at " {page.postal_address}</li>
        </ul>
    }
}

#[component]
fn AccessibilityStatement(page: AboutSitePage) -> impl IntoView {
    let title = "Accessibility statement";
    let site = site_url();
    let shown_site = if site.is_empty() {
        "this website".to_string()
    } else {
        site.clone()
    };
    let prepared = long_date(&page.accessibility.prepared);
    let tested = long_date(&page.accessibility.last_tested);
    let reviewed = long_date(&page.accessibility.last_reviewed);
    let trust = page.trust_name.clone();
    let days = page.contacts.website_reply_days;
    view! {
        <PageMeta title description=format!("How accessible the {trust} website is, how it was tested and how to tell us about a problem.") path=paths::ACCESSIBILITY_STATEMENT />
        <TwoThirds>
            <h1>{format!("Accessibility statement for the {trust} website")}</h1>
            <p>{format!("This accessibility statement applies to {shown_site}: the pages about the trust, its centres of excellence, partnerships and hospitals, the services directory, and the directory's pages for staff.")}</p>
            <p>{format!("This website is run by {trust}. We want as many people as possible to be able to use it. For example, that means you should be able to:")}</p>
            <ul>
                <li>"change colours, contrast levels and fonts using your browser or device settings"</li>
                <li>"zoom in up to 400% without the text spilling off the screen"</li>
                <li>"navigate most of the website using just a keyboard or speech recognition software"</li>
                <li>"listen to most of the website using a screen reader"</li>
                <li>"use every page and form with JavaScript turned off"</li>
            </ul>
            <p>"We've also made the website text as simple as possible to understand."</p>
            <p>
                <a href="https://mcmw.abilitynet.org.uk/">"AbilityNet"</a>
                " has advice on making your device easier to use if you have a disability."
            </p>

            <h2>"How accessible this website is"</h2>
            <p>"We know of no part of this website that is not accessible. The maps are pictures; the text with each map gives the same information in words."</p>

            <h2>"Feedback and contact information"</h2>
            <p>"If you need information on this website in a different format like accessible PDF, large print, easy read, audio recording or braille:"</p>
            <FeedbackContacts page=page.clone() />
            <p>{format!("We'll consider your request and get back to you in {days} days.")}</p>

            <h2>"Reporting accessibility problems with this website"</h2>
            <p>"We're always looking to improve the accessibility of this website. If you find any problems not listed on this page or think we're not meeting accessibility requirements, contact us:"</p>
            <FeedbackContacts page=page.clone() />

            <h2>"Enforcement procedure"</h2>
            <p>"The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility regulations'). If you're not happy with how we respond to your complaint, "
                <a href="https://www.equalityadvisoryservice.com/">"contact the Equality Advisory and Support Service (EASS)"</a>"."</p>

            <h2>"Technical information about this website's accessibility"</h2>
            <p>{format!("{trust} is committed to making its website accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.")}</p>
            <h3>"Compliance status"</h3>
            <p>"This website is fully compliant with the "
                <a href="https://www.w3.org/TR/WCAG22/">"Web Content Accessibility Guidelines version 2.2"</a>
                " AA standard."</p>

            <h2>"Non-accessible content"</h2>
            <p>"We know of no content on this website that fails the standard. Other websites we link to, such as AccessAble's access guides and the NHS sign-in page staff use, are not covered by this statement."</p>

            <h2>"What we're doing to improve accessibility"</h2>
            <p>"Every change to this website runs the tests described below, and a change that fails them is not published."</p>

            <h2>"Preparation of this accessibility statement"</h2>
            <p>{format!("This statement was prepared on {prepared}. It was last reviewed on {reviewed}.")}</p>
            <p>{format!("This website was last tested on {tested}. The test was carried out by {trust}, with automated browser tests. We tested every page, in every state our tests reach (search results, errors, signed-in staff pages), not a sample:")}</p>
            <ul>
                <li>"axe-core checked every page against WCAG 2.2 A and AA, with JavaScript on and off"</li>
                <li>"HTML_CodeSniffer, a second checking engine, checked every page against WCAG AA"</li>
                <li>"keyboard only: we used the skip link, menus, forms, search and maps with a keyboard alone and checked focus is always visible"</li>
                <li>"zoom: every page was shown 320 pixels wide, the same as 400% zoom on a laptop, without scrolling sideways, and pictures of every page at phone and desktop widths were checked"</li>
                <li>"JavaScript off: every page and form was used with JavaScript turned off"</li>
            </ul>
        </TwoThirds>
    }
}

#[component]
fn PrivacyNotice(page: AboutSitePage) -> impl IntoView {
    let title = "Privacy notice for this website";
    let trust = page.trust_name.clone();
    view! {
        <PageMeta title description=format!("What the {trust} website keeps about visitors and staff, why, for how long, and your rights.") path=paths::PRIVACY />
        <TwoThirds>
            <h1>{title}</h1>
            <p class="nhsuk-lede-text">"This notice is about this website only: what it keeps about the people who use it, why and for how long."</p>
            <h2>"In short"</h2>
            <ul>
                <li>"You can read every public page without telling us who you are. We use no analytics or advertising, and no other organisation's code runs on this website."</li>
                <li>"If you report a problem with a service's entry, we keep what you tell us."</li>
                <li>"For staff who sign in, we keep their account and a record of what they change."</li>
            </ul>

            <h2>"Who we are"</h2>
            <p>{format!("{trust} is the data controller for the information this website keeps. Our address is {}.", page.postal_address)}</p>

            <h2>"If you visit the website"</h2>
            <p>"Our servers write a technical log of events, such as a refused sign-in or a limit reached, which can include your device's internet (IP) address. We use it to keep the website secure and working, and to find faults."</p>
            <p>"To stop misuse, we count sign-in attempts for each email address and internet address, and problem reports for each internet address. A count stops counting after a day at most, and old counts are deleted as new ones are made."</p>
            <p>"Public pages set no cookies. "<a href=paths::COOKIES>"Read about the cookies staff get when they sign in"</a>"."</p>

            <h2>"If you report a problem with a service's entry"</h2>
            <p>"We keep what you tell us is wrong, and the email address or phone number you give if you want a reply. The service's owners and the directory's administrators read it, check the entry and close the report with a note. We keep closed reports with the directory's records, as a history of how entries were corrected."</p>
            <p>"Only give contact details if you want us to reply. Do not include details about your health or anyone else's."</p>

            <h2>"If you are a member of staff with an account"</h2>
            <p>"We keep:"</p>
            <ul>
                <li>"your work email address and your role"</li>
                <li>"your password, stored only in a form that cannot be turned back into it, if you use one"</li>
                <li>"the secret your authenticator app shares with us, and your recovery codes, stored only in a form that cannot be turned back into them"</li>
                <li>{format!("your sessions: the device and browser each is on, when it started and was last used; a session ends after {} hours at most, or sooner if you leave it unused", cookies::SESSION_HOURS)}</li>
                <li>"a log of sign-ins and account changes, with the internet address they came from"</li>
                <li>"a log of every change you make to the services directory, with your email address"</li>
            </ul>
            <p>"We use this to let only the right people in, and so that every change to information patients and staff rely on can be traced."</p>
            <h2>"How long we keep it"</h2>
            <ul>
                <li>"Attempt counts: a day at most, as above."</li>
                <li>"Sessions: until they end."</li>
                <li>"Accounts: while you work with the directory. When you leave, an administrator disables your account; it is kept, disabled, so the logs still say who made each change."</li>
                <li>"The logs of changes and sign-ins, and reports of problems: as long as the directory's records are kept, because they are its history."</li>
            </ul>

            <h2>"Our lawful basis"</h2>
            <p>"We use this information to carry out our public task of providing NHS services (UK GDPR Article 6(1)(e))."</p>

            <h2>"Your rights"</h2>
            <p>"You can ask for a copy of the information we keep about you, ask us to correct it, or object to how we use it. To do this, or to ask a question about this notice:"</p>
            <FeedbackContacts page=page.clone() />

            <h2>"Complaints"</h2>
            <p>"If you are unhappy with how we have used your information, you can complain to the "
                <a href="https://ico.org.uk/make-a-complaint/">"Information Commissioner's Office (ICO)"</a>"."</p>
        </TwoThirds>
    }
}

/// The columns of the cookies table.
const COOKIE_COLUMNS: [&str; 4] = ["Name", "Purpose", "Set", "Expires"];

#[component]
fn CookiesList(page: AboutSitePage) -> impl IntoView {
    let title = "Cookies on this website";
    let trust = page.trust_name;
    let secure = use_context::<crate::SiteSettings>().is_some_and(|s| s.secure_cookies);
    let rows = [
        (
            cookies::session(secure),
            "Keeps a member of staff signed in to the services directory.",
            "When a member of staff signs in.",
            format!("When they sign out, or after {} hours at most. The server ends the session sooner if it is left unused.", cookies::SESSION_HOURS),
        ),
        (
            cookies::sign_in_browser(secure),
            "Makes sure a sign-in with an NHS account finishes in the browser that started it.",
            "When a member of staff starts signing in with their NHS account.",
            format!("When the sign-in succeeds, or after {} minutes.", cookies::SIGN_IN_BROWSER_MINUTES),
        ),
    ];
    view! {
        <PageMeta title description=format!("The cookies the {trust} website sets, what each is for and when it expires.") path=paths::COOKIES />
        <TwoThirds>
            <h1>{title}</h1>
            <p class="nhsuk-lede-text">"Cookies are small files saved on your phone, tablet or computer when you visit a website."</p>
            <p>"Public pages set no cookies. We use no cookies for analytics or advertising, and no other organisation sets cookies through this website."</p>
            <h2>"Cookies for staff"</h2>
            <p>"When staff sign in to the services directory, we set only the cookies below. They are strictly necessary: sign-in cannot work without them. The law lets us set strictly necessary cookies without asking first, so this website has no cookie banner."</p>
        </TwoThirds>
        // The NHS.UK responsive table: on phones each row is a block with
        // its column names beside the values.
        <table class="nhsuk-table nhsuk-table--responsive">
            <caption class="nhsuk-table__caption">"Cookies staff get when they sign in"</caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    {COOKIE_COLUMNS.map(|name| view! {
                        <th scope="col" class="nhsuk-table__header">{name}</th>
                    })}
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {rows.into_iter().map(|(name, purpose, set, expires)| {
                    let [name_column, purpose_column, set_column, expires_column] = COOKIE_COLUMNS;
                    view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">
                                <span class="nhsuk-table__heading" aria-hidden="true">{name_column}" "</span>
                                <code class="lth-cookie-name">{name}</code>
                            </td>
                            <td class="nhsuk-table__cell">
                                <span class="nhsuk-table__heading" aria-hidden="true">{purpose_column}" "</span>
                                {purpose}
                            </td>
                            <td class="nhsuk-table__cell">
                                <span class="nhsuk-table__heading" aria-hidden="true">{set_column}" "</span>
                                {set}
                            </td>
                            <td class="nhsuk-table__cell">
                                <span class="nhsuk-table__heading" aria-hidden="true">{expires_column}" "</span>
                                {expires}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <TwoThirds>
            <p>
                "Scripts on the page cannot read these cookies, and they are sent only to this website"
                {secure.then_some(", over a secure connection")}"."
            </p>
            <p><a href=paths::PRIVACY>"Read our privacy notice"</a>" to find out what we keep about staff and why."</p>
            <h2 id="saved-on-this-device">"The directory saved on your device"</h2>
            <p>
                "On the services directory page you can choose to keep the directory on your device, to search it and open services where there is no signal, such as on some wards. "
                "We save nothing on your device unless you choose this."
            </p>
            <p>"If you do, your browser keeps:"</p>
            <ul>
                <li>"a copy of the directory's pages and the files they need, in its storage for this website"</li>
                <li>"a small script (a service worker) that shows that copy when your device cannot reach this website"</li>
                <li>"a note that you asked for the copy, so that it is updated when the website changes"</li>
            </ul>
            <p>
                "Pages from the copy say when it was last updated, as phone numbers and opening times may have changed since. "
                "If a member of staff saves the directory while signed in, the copy includes staff-only details. Signing out removes the whole copy from the device."
            </p>
            <p>"You can remove the copy at any time with the button on the services directory page, or by clearing this website's data in your browser's settings."</p>
        </TwoThirds>
    }
}

#[component]
fn ContactUs(page: AboutSitePage) -> impl IntoView {
    let title = "Contact us";
    let contacts = page.contacts.clone();
    let trust = page.trust_name.clone();
    view! {
        <PageMeta title description=format!("How to contact {trust}: the switchboard, PALS, and website and accessibility feedback.") path=paths::CONTACT />
        <TwoThirds>
            <h1>{title}</h1>
            <div class="nhsuk-warning-callout">
                <h2 class="nhsuk-warning-callout__label">
                    <span class="nhsuk-u-visually-hidden">"Important: "</span>"In an emergency"
                </h2>
                <p>"Call 999 if someone is seriously ill or injured and their life is at risk. For urgent medical help, call 111."</p>
            </div>

            <h2>"Main switchboard"</h2>
            <p>"To speak to someone at one of our hospitals, call our main switchboard on " <PhoneLink number=contacts.switchboard.clone() />"."</p>
            <p><a href=paths::HOSPITALS>"Find a hospital"</a>" or "<a href=paths::SERVICES>"search the services directory"</a>" for a service's own number."</p>

            <h2>"Patient Advice and Liaison Service (PALS)"</h2>
            <p>"PALS helps patients, families and carers with questions, concerns and complaints about our care."</p>
            <ul>
                <li>{format!("The PALS office is open {}.", contacts.pals_office_hours)}</li>
                <li>{format!("PALS phone lines are open {}.", contacts.pals_phone_hours)}</li>
                <li>{format!("Write to PALS at {}.", page.postal_address)}</li>
            </ul>

            <h2>"Accessibility and website feedback"</h2>
            <p>"To ask for information in a different format, or to tell us about an accessibility problem:"</p>
            <FeedbackContacts page=page.clone() />
            <p>{format!("We reply within {} days. ", contacts.website_reply_days)}<a href=paths::ACCESSIBILITY_STATEMENT>"Read our accessibility statement"</a>"."</p>

            <h2 id="report-a-problem">"Report a problem with this website"</h2>
            <p>"If something on a page is wrong or does not work, email " <EmailLink email=contacts.website_email.clone() />
                " with the page's address and what went wrong."</p>
            <p>"If a service's entry in the directory is wrong, use \"Report a problem with this entry\" at the bottom of the service's page. It goes straight to the people who keep that entry up to date."</p>
        </TwoThirds>
    }
}
