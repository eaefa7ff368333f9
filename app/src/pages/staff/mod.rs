//! Staff pages: sign-in, the list of services to edit, the service form and
//! the accounts page (here); the second step of signing in and a member of
//! staff's own account (`account`). Every form is a plain POST the server handles, so it
//! works the same with JavaScript on or off; a refused form comes back as its
//! page with the messages and what was typed. Each page's data comes from a
//! server function that checks the role on the server.

use crate::components::error_page::{loaded_content, loaded_page, ErrorContent};
use crate::components::forms::{ErrorSummary, Radios, Select, TextInput};
use crate::components::layout::{Crumb, PageLayout};
use crate::components::page_meta::PageMeta;
use crate::components::text::{TableHead, TwoThirds};
use crate::directory::{long_date, months_after, review_due};
use crate::error::set_response_status;
use crate::model::Choice;
use crate::paths;
use crate::staff::api::{load_sign_in, load_staff_home, load_users};
use crate::staff::{
    date_time, fields, AccountRow, EventKind, FormPage, Role, SignInPage, StaffError, StaffHome,
    StaffMember, StaffServiceRow, UsersPage, CODE_HINT, REAUTHENTICATE_AFTER_MINUTES,
};
use leptos::prelude::*;

mod account;
mod editor;
mod reports;
pub use account::{AcceptInvitationPage, AuthenticatorPage, OwnAccountPage, SignInCodePage};
use account::{CodeInput, EnterCode, Invitation, OwnAccount, RecoveryCodes, SetUpApp};
pub use editor::ServiceEditorPage;
use editor::{choices, ServiceEditor};
use reports::ProblemReports;

/// The trail of the sign-in and staff home pages.
const HOME_TRAIL: [Crumb; 1] = [("Home", paths::HOME)];
/// The trail of the pages below the staff home page.
const STAFF_TRAIL: [Crumb; 2] = [("Home", paths::HOME), ("Staff", paths::STAFF)];

/// The page of a refused staff form, made from what the server already has,
/// in the same layout as the routed page the form is on.
pub fn form_page(form: FormPage) -> AnyView {
    match form {
        FormPage::SignIn(page) => view! {
            <PageLayout trail=HOME_TRAIL.to_vec()><SignIn page /></PageLayout>
        }
        .into_any(),
        FormPage::Code(page) => view! {
            <PageLayout trail=HOME_TRAIL.to_vec()><EnterCode page /></PageLayout>
        }
        .into_any(),
        FormPage::Enrol(page) => view! {
            <PageLayout trail=HOME_TRAIL.to_vec()><SetUpApp page /></PageLayout>
        }
        .into_any(),
        FormPage::RecoveryCodes(page) => view! {
            <PageLayout trail=HOME_TRAIL.to_vec()><RecoveryCodes page /></PageLayout>
        }
        .into_any(),
        FormPage::Invitation(page) => view! {
            <PageLayout trail=HOME_TRAIL.to_vec()><Invitation page /></PageLayout>
        }
        .into_any(),
        FormPage::Account(page) => view! {
            <PageLayout trail=STAFF_TRAIL.to_vec()><OwnAccount page=*page /></PageLayout>
        }
        .into_any(),
        FormPage::Service(page) => view! {
            <PageLayout trail=STAFF_TRAIL.to_vec()><ServiceEditor page=*page /></PageLayout>
        }
        .into_any(),
        FormPage::Users(page) => view! {
            <PageLayout trail=STAFF_TRAIL.to_vec()><Users page=*page /></PageLayout>
        }
        .into_any(),
        FormPage::Report(page) => crate::pages::report::refused_report_page(*page),
        // Rendered inside the frame's router, whose location it reads.
        FormPage::NotFound => (|| view! { <crate::components::error_page::NotFound /> }).into_any(),
        FormPage::Home(page) => view! {
            <PageLayout trail=HOME_TRAIL.to_vec()><StaffHomeView page=*page /></PageLayout>
        }
        .into_any(),
        FormPage::Refused(error) => view! {
            <PageLayout trail=HOME_TRAIL.to_vec()><StaffErrorView error /></PageLayout>
        }
        .into_any(),
    }
}

/// A staff page's error, shown with its status (401, 403, 404, 503).
impl ErrorContent for StaffError {
    fn content(self) -> AnyView {
        view! { <StaffErrorView error=self /> }.into_any()
    }
}

#[component]
fn StaffErrorView(error: StaffError) -> impl IntoView {
    set_response_status(&error);
    let (title, body) = match &error {
        StaffError::SignInRequired => ("Sign in to continue", "This page is for trust staff."),
        StaffError::Forbidden => (
            "You do not have permission to see this page",
            "Ask an admin if you need it for your work.",
        ),
        StaffError::NotFound => (
            "Page not found",
            "Check the address, or go to the staff home page.",
        ),
        StaffError::SecondStepRequired => (
            "Finish signing in to continue",
            "Enter the code from your authenticator app, or set one up, first.",
        ),
        StaffError::InvitationUnusable => (
            "This invitation link does not work",
            "It may have been used already, or it was sent more than 72 hours ago. Ask the admin who invited you to send a new one.",
        ),
        StaffError::Changed => (
            "This service changed since you opened the page",
            "Nothing was saved. Go back to the staff home page, check the service again, then try again.",
        ),
        StaffError::NhsSignInUnfinished => (
            "Signing in with your NHS account did not finish",
            "It may have taken more than 10 minutes, or been started in another browser. Go back to the sign-in page and start again.",
        ),
        StaffError::NhsSignInRefused => (
            "You cannot sign in here with this NHS account",
            "Only trust staff can sign in, with a verified NHS email address. If you think you should be able to, contact the IT service desk.",
        ),
        StaffError::NhsSignInUnavailable => (
            "Signing in with your NHS account is not working at the moment",
            "Try again later. If an admin gave you a password, you can sign in with it instead.",
        ),
        _ => (
            "Sorry, there is a problem with the service",
            "Try again later.",
        ),
    };
    view! {
        <PageMeta title=title description=body path=paths::STAFF noindex=true />
        <h1>{title}</h1>
        <p>{body}</p>
        {if matches!(
            error,
            StaffError::SignInRequired
                | StaffError::SecondStepRequired
                | StaffError::InvitationUnusable
                | StaffError::NhsSignInUnfinished
                | StaffError::NhsSignInRefused
                | StaffError::NhsSignInUnavailable
        ) {
            view! { <p><a href=paths::SIGN_IN>"Sign in"</a></p> }.into_any()
        } else {
            view! { <p><a href=paths::STAFF>"Go to the staff home page"</a></p> }.into_any()
        }}
    }
}

/// "Signed in as ..." with the sign-out button.
#[component]
fn SignedInAs(staff: StaffMember) -> impl IntoView {
    view! {
        <form method="post" action=paths::SIGN_OUT class="lth-signed-in">
            <p class="nhsuk-body-s nhsuk-u-margin-bottom-2">
                "Signed in as " <strong>{staff.email}</strong> " (" {staff.role.label()} ")"
            </p>
            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
                "Sign out"
            </button>
        </form>
    }
}

loaded_page! {
    /// `/staff/sign-in`.
    pub StaffSignInPage: HOME_TRAIL.to_vec(), |_| load_sign_in() => SignIn
}

#[component]
fn SignIn(page: SignInPage) -> impl IntoView {
    if let Some(staff) = page.signed_in {
        return view! {
            <PageMeta title="Staff sign in" description="Sign in to edit the services directory." path=paths::SIGN_IN noindex=true />
            <h1>"You are signed in"</h1>
            <p><a href=paths::STAFF>"Go to the staff home page"</a></p>
            <SignedInAs staff />
        }
        .into_any();
    }
    let SignInPage {
        email,
        problems,
        nhs_sign_in,
        ..
    } = page;
    let title = if problems.is_empty() {
        "Staff sign in".to_string()
    } else {
        "Error: Staff sign in".to_string()
    };
    view! {
        <PageMeta title description="Sign in to edit the services directory." path=paths::SIGN_IN noindex=true />
        <TwoThirds>
            {(!problems.is_empty()).then(|| view! { <ErrorSummary problems=problems.clone() /> })}
            <h1>"Staff sign in"</h1>
            {nhs_sign_in.then(|| view! {
                <p>"Trust staff: sign in with your NHS account to see the numbers and routes only staff see."</p>
                <form method="post" action=paths::NHS_SIGN_IN>
                    <button class="nhsuk-button" type="submit">"Sign in with your NHS account"</button>
                </form>
                <h2 class="nhsuk-heading-m">"Sign in with a password"</h2>
            })}
            <p>"For staff an admin has given an account, such as those who keep the directory up to date."</p>
            <form method="post" action=paths::SIGN_IN novalidate>
                <TextInput id=fields::ACCOUNT_EMAIL label="Email address" value=email
                    problems=problems.clone() input_type="email" autocomplete="username" />
                <TextInput id=fields::PASSWORD label="Password" value=""
                    problems input_type="password" autocomplete="current-password" />
                <button class="nhsuk-button" type="submit">"Sign in"</button>
            </form>
        </TwoThirds>
    }
    .into_any()
}

loaded_page! {
    /// `/staff`: every service, with links to edit.
    pub StaffHomePage: HOME_TRAIL.to_vec(), |_| load_staff_home() => StaffHomeView
}

#[component]
fn StaffHomeView(page: StaffHome) -> impl IntoView {
    let StaffHome {
        staff,
        services,
        today,
        reports,
        refused_closing,
    } = page;
    let admin = staff.may_act_as(Role::Admin);
    let problems = refused_closing
        .as_ref()
        .map(|refused| refused.problems.clone())
        .unwrap_or_default();
    // Staff who own nothing see the queue only if something is in it.
    let show_reports =
        staff.may_act_as(Role::Editor) || !reports.is_empty() || !services.is_empty();
    let reports = show_reports
        .then(|| view! { <ProblemReports reports refused=refused_closing admin /> }.into_any());
    if !staff.may_act_as(Role::Editor) {
        return view! {
            <HomeTop staff=staff.clone() problems heading="The services directory for staff"
                description="The services directory for staff." />
            <StaffMemberHome staff services today reports />
        }
        .into_any();
    }
    let reviews = view! { <Reviews staff=staff.clone() services=services.clone() today /> };
    let listed = services.iter().filter(|s| !s.archived).count();
    view! {
        <HomeTop staff problems heading="Edit the services directory" description="Edit the services directory." />
        {reports}
        {reviews}
        <p>
            {format!("{listed} services are listed; {} archived.", services.len() - listed)}
        </p>
        <p>
            <a class="nhsuk-button" href=paths::NEW_SERVICE>"Add a service"</a>
        </p>
        <ul class="nhsuk-list">
            <li><a href=paths::ACCOUNT>"Your account: password and where you are signed in"</a></li>
            {admin.then(|| view! { <li><a href=paths::USERS>"Manage staff accounts"</a></li> })}
        </ul>
        <SignOutEverywhere />
        <div class="lth-table-scroll" role="region" aria-label="Services" tabindex="0">
            <table class="nhsuk-table">
                <TableHead caption="Services" columns=&["Service", "Status", "Last reviewed"] />
                <tbody class="nhsuk-table__body">
                    {services.into_iter().map(|service| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">
                                <a href=paths::edit_service(&service.slug)>
                                    {service.name.clone()}
                                    <span class="nhsuk-u-visually-hidden">" (edit)"</span>
                                </a>
                            </td>
                            <td class="nhsuk-table__cell">
                                {if service.archived {
                                    view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Archived"</strong> }.into_any()
                                } else {
                                    view! { <strong class="nhsuk-tag nhsuk-tag--green">"Listed"</strong> }.into_any()
                                }}
                            </td>
                            <td class="nhsuk-table__cell">{long_date(&service.last_reviewed)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The top of the staff home page: its title, what to correct in a refused
/// form (`problems`), who is signed in and the `heading`.
#[component]
fn HomeTop(
    staff: StaffMember,
    problems: Vec<crate::directory::FieldProblem>,
    heading: &'static str,
    description: &'static str,
) -> impl IntoView {
    let title = if problems.is_empty() {
        "Staff: services directory"
    } else {
        "Error: Staff: services directory"
    };
    view! {
        <PageMeta title description path=paths::STAFF noindex=true />
        {(!problems.is_empty()).then(|| view! { <ErrorSummary problems /> })}
        <SignedInAs staff />
        <h1>{heading}</h1>
    }
}

/// The form that ends every session of the member of staff.
#[component]
fn SignOutEverywhere() -> impl IntoView {
    view! {
        <form method="post" action=paths::SIGN_OUT_EVERYWHERE>
            <p class="nhsuk-body-s">
                "Signed in on a computer or phone you no longer use? Sign out on every device, this one included."
            </p>
            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
                "Sign out everywhere"
            </button>
        </form>
    }
}

/// Where a service's entry stands for review: overdue, due within a month,
/// or up to date.
fn review_tag(due: &str, today: &str) -> AnyView {
    let soon = months_after(today, 1).unwrap_or_default();
    if due < today {
        view! { <strong class="nhsuk-tag nhsuk-tag--red">"Overdue"</strong> }.into_any()
    } else if due <= soon.as_str() {
        view! { <strong class="nhsuk-tag nhsuk-tag--yellow">"Due soon"</strong> }.into_any()
    } else {
        view! { <strong class="nhsuk-tag nhsuk-tag--green">"Up to date"</strong> }.into_any()
    }
}

/// A table of services to review, each with when it is next due, where it
/// stands and "Still correct".
#[component]
fn ReviewTable(
    caption: &'static str,
    rows: Vec<StaffServiceRow>,
    today: String,
    edit: bool,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|row| {
            let due = review_due(&row.last_reviewed, row.review_months).unwrap_or_default();
            let href = if edit { paths::edit_service(&row.slug) } else { paths::service(&row.slug) };
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell"><a href=href>{row.name.clone()}</a></td>
                    <td class="nhsuk-table__cell">{long_date(&due)}</td>
                    <td class="nhsuk-table__cell">{review_tag(&due, &today)}</td>
                    <td class="nhsuk-table__cell">
                        <form method="post" action=paths::verify_service(&row.slug)>
                            <input type="hidden" name=fields::VERSION value=row.version.to_string() />
                            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit">
                                "Still correct" <span class="nhsuk-u-visually-hidden">": " {row.name.clone()}</span>
                            </button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="lth-table-scroll">
            <table class="nhsuk-table">
                <TableHead caption columns=&["Service", "Next review due", "Status", "Checked"] />
                <tbody class="nhsuk-table__body">{rows}</tbody>
            </table>
        </div>
    }
}

/// A [`ReviewTable`] folded away under its caption and row count, for
/// lists that can be long.
#[component]
fn FoldedReviewTable(
    caption: &'static str,
    rows: Vec<StaffServiceRow>,
    today: String,
    edit: bool,
) -> impl IntoView {
    let summary = format!("{caption} ({})", rows.len());
    view! {
        <details class="nhsuk-details">
            <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">{summary}</span></summary>
            <div class="nhsuk-details__text">
                <ReviewTable caption rows today edit />
            </div>
        </details>
    }
}

/// What is due for review: the services the member of staff owns, due or
/// overdue first; for admins also every overdue service and every service
/// without an owner.
#[component]
fn Reviews(staff: StaffMember, services: Vec<StaffServiceRow>, today: String) -> impl IntoView {
    let edit = staff.may_act_as(Role::Editor);
    let listed: Vec<StaffServiceRow> = services.into_iter().filter(|s| !s.archived).collect();
    let by_due = |mut rows: Vec<StaffServiceRow>| {
        rows.sort_by_key(|row| {
            review_due(&row.last_reviewed, row.review_months).unwrap_or_default()
        });
        rows
    };
    let yours = by_due(
        listed
            .iter()
            .filter(|s| s.owners.contains(&staff.email))
            .cloned()
            .collect(),
    );
    let yours = if yours.is_empty() {
        view! { <p>"You own no services yet. An editor can make you an owner on a service's page."</p> }.into_any()
    } else {
        view! { <ReviewTable caption="When each of your services is next due for review" rows=yours today=today.clone() edit /> }
            .into_any()
    };
    let admin = staff.may_act_as(Role::Admin).then(|| {
        let overdue = by_due(
            listed
                .iter()
                .filter(|s| review_due(&s.last_reviewed, s.review_months).is_some_and(|due| due < today))
                .cloned()
                .collect(),
        );
        let unowned: Vec<StaffServiceRow> = listed.iter().filter(|s| s.owners.is_empty()).cloned().collect();
        view! {
            <h2>"Overdue for review"</h2>
            {if overdue.is_empty() {
                view! { <p>"No service is overdue."</p> }.into_any()
            } else {
                view! { <FoldedReviewTable caption="Every service overdue for review" rows=overdue today=today.clone() edit /> }.into_any()
            }}
            <h2>"Without an owner"</h2>
            {if unowned.is_empty() {
                view! { <p>"Every service has an owner."</p> }.into_any()
            } else {
                view! { <FoldedReviewTable caption="Services without an owner" rows=unowned today=today.clone() edit /> }.into_any()
            }}
        }
    });
    view! {
        <h2>"Your services"</h2>
        {yours}
        {admin}
    }
}

/// `/staff` for a member of staff who does not edit the directory.
#[component]
fn StaffMemberHome(
    staff: StaffMember,
    services: Vec<StaffServiceRow>,
    today: String,
    reports: Option<AnyView>,
) -> impl IntoView {
    view! {
        {reports}
        <Reviews staff services today />
        <p>
            "While you are signed in, service pages and search results also show what only staff see: "
            "extensions and direct lines, bleeps, on-call and out-of-hours routes, how to refer from "
            "within the trust, and where each department is in its hospital."
        </p>
        <p>"You can search by these too, such as a ward name or a bleep number."</p>
        <p><a class="nhsuk-button" href=paths::SERVICES>"Search the directory"</a></p>
        <p class="nhsuk-body-s">"To edit the directory, ask an admin to make you an editor."</p>
        <ul class="nhsuk-list">
            <li><a href=paths::ACCOUNT>"Your account: where you are signed in"</a></li>
        </ul>
        <SignOutEverywhere />
    }
}

/// `/staff/users`: accounts and their audit, for admins. The audit's
/// filters are the address's query (`?event=...&who=...`).
#[component]
pub fn StaffUsersPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let page = Resource::new(
        move || {
            let query = query.read();
            (
                query.get(fields::EVENT_KIND).unwrap_or_default(),
                query.get(fields::EVENT_EMAIL).unwrap_or_default(),
            )
        },
        |(event, who)| load_users(event, who),
    );
    let content = loaded_content(page, |page| view! { <Users page /> }.into_any());
    view! { <PageLayout trail=STAFF_TRAIL.to_vec()>{content}</PageLayout> }
}

#[component]
fn AccountRowView(account: AccountRow) -> impl IntoView {
    let (action, label) = if account.disabled {
        (paths::enable_account(account.id), "Enable")
    } else {
        (paths::disable_account(account.id), "Disable")
    };
    let role_forms = Role::ALL
        .into_iter()
        .filter(|role| *role != account.role)
        .map(|role| {
            view! {
                <form method="post" action=paths::change_role(account.id)>
                    <input type="hidden" name=fields::ROLE value=role.slug() />
                    <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-2" type="submit">
                        {format!("Make {}", role.label().to_lowercase())}
                        <span class="nhsuk-u-visually-hidden">" " {account.email.clone()}</span>
                    </button>
                </form>
            }
        })
        .collect_view();
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">{account.email.clone()}</td>
            <td class="nhsuk-table__cell">{account.role.label()}</td>
            <td class="nhsuk-table__cell">{if account.disabled { "Disabled" } else { "Active" }}</td>
            <td class="nhsuk-table__cell">
                {role_forms}
                <form method="post" action=action>
                    <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit">
                        {label} <span class="nhsuk-u-visually-hidden">" " {account.email}</span>
                    </button>
                </form>
            </td>
        </tr>
    }
}

#[component]
fn Users(page: UsersPage) -> impl IntoView {
    let UsersPage {
        staff,
        confirm_first,
        accounts,
        new_email,
        new_role,
        problems,
        invitation,
        filter,
        events,
    } = page;
    let title = if problems.is_empty() {
        "Staff accounts"
    } else {
        "Error: Staff accounts"
    };
    let kinds = std::iter::once(Choice {
        value: String::new(),
        label: "Any event".to_string(),
    })
    .chain(choices(&EventKind::ALL, EventKind::slug, EventKind::label))
    .collect::<Vec<_>>();
    let changes = if confirm_first {
        view! {
            <h2>"Confirm it is you"</h2>
            <p>{format!("To change accounts, enter a code again. You last did more than {REAUTHENTICATE_AFTER_MINUTES} minutes ago.")}</p>
            <form method="post" action=paths::CONFIRM novalidate>
                <CodeInput problems=problems.clone() hint=CODE_HINT />
                <button class="nhsuk-button" type="submit">"Confirm"</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <h2>"Invite a member of staff"</h2>
            <p>"They will get a link to create their own password and set up an authenticator app. It works once, for 72 hours."</p>
            <form method="post" action=paths::INVITE novalidate>
                <TextInput id=fields::ACCOUNT_EMAIL label="Email address" value=new_email problems=problems.clone()
                    input_type="email" autocomplete="off" />
                <Radios id=fields::ROLE legend="Role" selected=new_role
                    choices=choices(&Role::ALL, Role::slug, Role::label) problems=problems.clone() />
                <button class="nhsuk-button" type="submit">"Invite"</button>
            </form>
        }
        .into_any()
    };
    view! {
        <PageMeta title description="Manage staff accounts." path=paths::USERS noindex=true />
        <SignedInAs staff />
        {(!problems.is_empty()).then(|| view! { <ErrorSummary problems=problems.clone() /> })}
        <h1>"Staff accounts"</h1>
        {invitation.map(|made| view! {
            <div class="nhsuk-inset-text">
                <h2 class="nhsuk-heading-s">{format!("Invitation for {}", made.email)}</h2>
                <p>"Send them this link. It is shown only this once."</p>
                <p class="lth-secret"><code id="invitation-link">{made.link}</code></p>
            </div>
        })}
        {changes}
        <table class="nhsuk-table lth-accounts">
            <TableHead caption="Accounts" columns=&["Email", "Role", "Status", "Action"] />
            <tbody class="nhsuk-table__body">
                {accounts.into_iter().map(|account| view! { <AccountRowView account /> }).collect_view()}
            </tbody>
        </table>
        <h2>"Account activity"</h2>
        <form method="get" action=paths::USERS class="lth-filters">
            <Select id=fields::EVENT_KIND label="Event" choices=kinds
                selected=filter.kind.map(|kind| kind.slug().to_string()).unwrap_or_default() problems=Vec::new() />
            <TextInput id=fields::EVENT_EMAIL label="Email contains" value=filter.email problems=Vec::new()
                autocomplete="off" />
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Show activity"</button>
        </form>
        {if events.is_empty() {
            view! { <p>"No activity matches."</p> }.into_any()
        } else {
            view! {
                <div class="lth-table-scroll" role="region" aria-label="Account activity" tabindex="0">
                <table class="nhsuk-table lth-activity">
                    <TableHead caption="Newest first, 100 at most" columns=&["When", "Event", "Account", "By", "Address", "Detail"] />
                    <tbody class="nhsuk-table__body">
                        {events.into_iter().map(|event| view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{date_time(event.at)}</td>
                                <td class="nhsuk-table__cell">{event.kind.label()}</td>
                                <td class="nhsuk-table__cell">{event.account.unwrap_or_default()}</td>
                                <td class="nhsuk-table__cell">{event.actor.unwrap_or_default()}</td>
                                <td class="nhsuk-table__cell">{event.address.unwrap_or_default()}</td>
                                <td class="nhsuk-table__cell">{event.detail}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any()
        }}
    }
}
