//! The pages of signing in's second step and of a member of staff's own
//! account: entering a code, setting up an authenticator app, the recovery
//! codes (shown once), accepting an invitation, and changing a password or
//! ending a session. Every form is a plain POST.

use super::{SignedInAs, HOME_TRAIL, STAFF_TRAIL};
use crate::components::error_page::loaded_page;
use crate::components::forms::{ErrorSummary, TextInput};
use crate::components::page_meta::PageMeta;
use crate::components::text::{TableHead, TwoThirds};
use crate::directory::FieldProblem;
use crate::paths;
use crate::staff::api::{load_account, load_authenticator, load_code_page, load_invitation};
use crate::staff::{
    date_time, fields, AccountPage, CodePage, EnrolPage, InvitationPage, RecoveryCodesPage,
    SessionListing, CODE_HINT, NEW_PASSWORD_HINT,
};
use leptos::prelude::*;

/// "Error: " before a page's title when it shows problems.
fn titled(title: &str, has_problems: bool) -> String {
    if has_problems {
        format!("Error: {title}")
    } else {
        title.to_string()
    }
}

loaded_page! {
    /// `/staff/sign-in/code`: the second step of signing in.
    pub SignInCodePage: HOME_TRAIL.to_vec(), |_| load_code_page() => EnterCode
}

/// The code field, for an authenticator app's code (or, as `hint` says,
/// a recovery code).
#[component]
pub(super) fn CodeInput(problems: Vec<FieldProblem>, hint: &'static str) -> impl IntoView {
    view! {
        <TextInput id=fields::CODE label="Code" value="" problems hint
            autocomplete="one-time-code" width_class="nhsuk-input--width-10" />
    }
}

#[component]
pub(super) fn EnterCode(page: CodePage) -> impl IntoView {
    let CodePage { problems } = page;
    let title = titled(
        "Enter the code from your authenticator app",
        !problems.is_empty(),
    );
    view! {
        <PageMeta title description="The second step of signing in." path=paths::SIGN_IN_CODE noindex=true />
        <TwoThirds>
            {(!problems.is_empty()).then(|| view! { <ErrorSummary problems=problems.clone() /> })}
            <h1>"Enter the code from your authenticator app"</h1>
            <p>"Open the authenticator app on your phone and find the code for Leeds Teaching Hospitals staff. It changes every 30 seconds."</p>
            <form method="post" action=paths::SIGN_IN_CODE novalidate>
                <CodeInput problems hint=CODE_HINT />
                <button class="nhsuk-button" type="submit">"Continue"</button>
            </form>
            <p>"If you cannot use your app, enter one of your recovery codes instead. If you have none left, ask an admin to invite you again."</p>
            <form method="post" action=paths::SIGN_OUT>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Cancel and sign out"</button>
            </form>
        </TwoThirds>
    }
}

loaded_page! {
    /// `/staff/authenticator-app`: setting up the second factor.
    pub AuthenticatorPage: HOME_TRAIL.to_vec(), |_| load_authenticator() => SetUpApp
}

/// A QR code drawn as one SVG path: a square for each dark module, with a
/// quiet zone of four modules round it.
#[component]
fn QrCode(width: usize, dark: Vec<bool>) -> impl IntoView {
    let quiet = 4;
    let size = width + 2 * quiet;
    let squares: String = dark
        .iter()
        .enumerate()
        .filter(|(_, dark)| **dark)
        .map(|(i, _)| format!("M{} {}h1v1h-1z", i % width + quiet, i / width + quiet))
        .collect();
    view! {
        <svg class="lth-qr" xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {size} {size}")
            role="img" aria-labelledby="qr-title" shape-rendering="crispEdges">
            <title id="qr-title">"QR code of your account's secret key, for your authenticator app to scan"</title>
            <rect width=size height=size fill="#ffffff" />
            <path d=squares fill="#000000" />
        </svg>
    }
}

#[component]
pub(super) fn SetUpApp(page: EnrolPage) -> impl IntoView {
    let EnrolPage {
        secret,
        qr_width,
        qr_dark,
        problems,
    } = page;
    let title = titled("Set up your authenticator app", !problems.is_empty());
    view! {
        <PageMeta title description="Set up a second step for signing in." path=paths::AUTHENTICATOR noindex=true />
        <TwoThirds>
            {(!problems.is_empty()).then(|| view! { <ErrorSummary problems=problems.clone() /> })}
            <h1>"Set up your authenticator app"</h1>
            <p>"Staff accounts need a second step to sign in: a code from an authenticator app on your phone, as well as your password."</p>
            <ol class="nhsuk-list nhsuk-list--number">
                <li>"Open an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator."</li>
                <li>"Add an account, then scan this QR code."</li>
            </ol>
            <QrCode width=qr_width dark=qr_dark />
            <p>"If you cannot scan the code, choose to enter a key instead and type this one:"</p>
            <p class="lth-secret"><strong id="secret-key">{secret}</strong></p>
            <form method="post" action=paths::AUTHENTICATOR novalidate>
                <CodeInput problems hint="The 6-digit code your authenticator app shows for this account" />
                <button class="nhsuk-button" type="submit">"Continue"</button>
            </form>
            <form method="post" action=paths::SIGN_OUT>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Cancel and sign out"</button>
            </form>
        </TwoThirds>
    }
}

#[component]
pub(super) fn RecoveryCodes(page: RecoveryCodesPage) -> impl IntoView {
    view! {
        <PageMeta title="Save your recovery codes" description="Codes to sign in with if you lose your phone." path=paths::AUTHENTICATOR noindex=true />
        <TwoThirds>
            <h1>"Save your recovery codes"</h1>
            <div class="nhsuk-inset-text">
                <p>"Your authenticator app is set up. You are signed in."</p>
            </div>
            <p>"If you lose your phone, you can sign in with one of these codes instead of a code from the app. Each works once."</p>
            <p>"Keep them somewhere safe that is not your phone, such as printed and locked away. This is the only time they are shown."</p>
            <ul class="nhsuk-list lth-recovery-codes">
                {page.codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ul>
            <p><a class="nhsuk-button" href=paths::STAFF>"I have saved my codes, continue"</a></p>
        </TwoThirds>
    }
}

loaded_page! {
    /// `/staff/invitation/{token}`: choosing a password for a new account.
    pub AcceptInvitationPage: HOME_TRAIL.to_vec(), load_invitation => Invitation
}

#[component]
pub(super) fn Invitation(page: InvitationPage) -> impl IntoView {
    let InvitationPage {
        email,
        token,
        problems,
    } = page;
    let title = titled("Create a password", !problems.is_empty());
    view! {
        <PageMeta title description="A staff account invitation." path=paths::SIGN_IN noindex=true />
        <TwoThirds>
            {(!problems.is_empty()).then(|| view! { <ErrorSummary problems=problems.clone() /> })}
            <h1>"Create a password"</h1>
            <p>"You have been invited to keep the services directory up to date as " <strong>{email.clone()}</strong> "."</p>
            <form method="post" action=paths::invitation(&token) novalidate>
                // For password managers: the account the password is for.
                <input type="hidden" name=fields::ACCOUNT_EMAIL value=email autocomplete="username" />
                <TextInput id=fields::NEW_PASSWORD label="Password" value="" problems
                    input_type="password" autocomplete="new-password" hint=NEW_PASSWORD_HINT />
                <button class="nhsuk-button" type="submit">"Create password"</button>
            </form>
            <p>"Next, you will set up an authenticator app on your phone."</p>
        </TwoThirds>
    }
}

/// The button that signs out one of their other sessions.
#[component]
fn EndSession(session: SessionListing) -> impl IntoView {
    view! {
        <form method="post" action=paths::end_session(&session.handle)>
            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit">
                "Sign out"
                <span class="nhsuk-u-visually-hidden">{format!(" the session started {}", date_time(session.started_at))}</span>
            </button>
        </form>
    }
}

loaded_page! {
    /// `/staff/account`: a member of staff's password and sessions.
    pub OwnAccountPage: STAFF_TRAIL.to_vec(), |_| load_account() => OwnAccount
}

#[component]
pub(super) fn OwnAccount(page: AccountPage) -> impl IntoView {
    let AccountPage {
        staff,
        this_session,
        sessions,
        recovery_codes_left,
        problems,
        done,
    } = page;
    let title = titled("Your account", !problems.is_empty());
    let email = staff.email.clone();
    view! {
        <PageMeta title description="Your staff account." path=paths::ACCOUNT noindex=true />
        <SignedInAs staff />
        {(!problems.is_empty()).then(|| view! { <ErrorSummary problems=problems.clone() /> })}
        <h1>"Your account"</h1>
        {done.map(|message| view! { <div class="nhsuk-inset-text"><p>{message}</p></div> })}
        <h2>"Where you are signed in"</h2>
        <p>"A session marked \"Password only\" gave your password but no code. If it was not you, sign it out and change your password."</p>
        <table class="nhsuk-table lth-accounts">
            <TableHead caption="Your sessions" columns=&["Device", "Signed in", "Last used", "Action"] />
            <tbody class="nhsuk-table__body">
                {sessions.into_iter().map(|session| {
                    let this = session.handle == this_session;
                    view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">
                                {if session.device.is_empty() { "Unknown browser".to_string() } else { session.device.clone() }}
                            </td>
                            <td class="nhsuk-table__cell">{date_time(session.started_at)}</td>
                            <td class="nhsuk-table__cell">{date_time(session.last_seen)}</td>
                            <td class="nhsuk-table__cell">
                                {if this {
                                    view! { <strong class="nhsuk-tag nhsuk-tag--green">"This device"</strong> }.into_any()
                                } else if !session.signed_in {
                                    // Someone gave the password but no code yet.
                                    view! {
                                        <strong class="nhsuk-tag nhsuk-tag--orange">"Password only"</strong>
                                        <EndSession session=session.clone() />
                                    }.into_any()
                                } else {
                                    view! { <EndSession session=session.clone() /> }.into_any()
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <form method="post" action=paths::SIGN_OUT_EVERYWHERE>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Sign out everywhere"</button>
        </form>
        <h2>"Change your password"</h2>
        <TwoThirds>
            <form method="post" action=paths::CHANGE_PASSWORD novalidate>
                <input type="hidden" name=fields::ACCOUNT_EMAIL value=email autocomplete="username" />
                <TextInput id=fields::CURRENT_PASSWORD label="Current password" value="" problems=problems.clone()
                    input_type="password" autocomplete="current-password" />
                <TextInput id=fields::NEW_PASSWORD label="New password" value="" problems=problems.clone()
                    input_type="password" autocomplete="new-password" hint=NEW_PASSWORD_HINT />
                <CodeInput problems hint=CODE_HINT />
                <button class="nhsuk-button" type="submit">"Change password"</button>
            </form>
            <p>"Changing your password signs you out on every other device."</p>
            <p>{format!("You have {recovery_codes_left} recovery codes left.")}</p>
        </TwoThirds>
    }
}
