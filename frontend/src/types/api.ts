// Wire shapes, taken from the generated OpenAPI types (`npm run gen:api`). A challenge's criteria,
// indicators and eligibility are typed on the wire with the shapes a client sends.
import type { components as G } from '@/api/generated/gateway';
import type { components as M } from '@/api/generated/matching';
import type { components as W } from '@/api/generated/workflow';

type GS = G['schemas'];
type MS = M['schemas'];
type WS = W['schemas'];

export type Me = GS['Me'];
export type Organisation = GS['Organisation'];
export type ReviewedOrganisation = GS['ReviewedOrganisation'];
export type AdminUser = GS['AdminUser'];
export type CreateUser = GS['CreateUser'];
export type CreateOrganisation = GS['CreateOrganisation'];
export type Registration = GS['Registration'];
/** An active expert and their affiliation, from the gateway's directory (reviewers and admins). */
export type DirectoryExpert = GS['Expert'];

export type Challenge = WS['Challenge'];
export type ChallengeSummary = WS['ChallengeSummary'];
export type ChallengePage = WS['ChallengePage'];
export type ChallengeCreate = WS['ChallengeCreate'];
export type ChallengeUpdate = WS['ChallengeUpdate'];
export type Criterion = WS['Criterion'];
export type Indicator = WS['Indicator'];
export type Eligibility = WS['Eligibility'];
export type Transition = WS['Transition'];
export type Question = WS['QuestionOut'];
export type Amendment = WS['AmendmentOut'];
export type Objection = WS['ObjectionOut'];
export type Publicity = WS['Publicity'];
export type RankingRow = WS['RankingRow'];
export type ExpertScore = WS['ExpertScore'];
export type PanelMember = WS['PanelOut'];
export type Application = WS['ApplicationOut'];
export type ApplicationContent = WS['ApplicationContent'];
export type DocumentUpload = WS['DocumentUpload'];
export type DocumentMeta = WS['DocumentMeta'];
export type Receipt = WS['Receipt'];
export type ChallengeCustodians = WS['ChallengeCustodians'];
export type SealedApplication = WS['SealedApplication'];
export type Assignment = WS['AssignmentOut'];
export type ScoreSheet = WS['ScoreSheet'];
export type Conflict = WS['Conflict'];
export type WorkflowNotification = WS['NotificationOut'];

export type Demand = MS['Demand'];
export type DemandCreate = MS['DemandCreate'];
export type DemandReview = MS['DemandReview'];
export type SimilarItem = MS['SimilarItem'];
export type Interest = MS['Interest'];
export type InterestCreate = MS['InterestCreate'];
export type Provider = MS['Provider'];
export type ProviderUpdate = MS['ProviderUpdate'];
export type Product = MS['Product'];
export type ProductCreate = MS['ProductCreate'];
export type Batch = MS['Batch'];
export type BatchCreate = MS['BatchCreate'];
export type ImportReport = MS['ImportReport'];
export type Recommendation = MS['Recommendation'];
export type Recommendations = MS['Recommendations'];
export type SearchHit = MS['SearchHit'];
export type SearchResult = MS['SearchPage'];
export type Stats = MS['Stats'];
export type Subscription = MS['Subscription'];
export type SubscriptionCreate = MS['SubscriptionCreate'];
export type MatchingNotification = MS['Notification'];
export type CodeItem = MS['CodeItem'];
export type CodeLists = MS['CodeLists'];

// Operator screens: the outbox's dead letters, the reindex, the audit chain.
export type OutboxEvent = WS['OutboxEventOut'];
export type AuditEntry = WS['AuditEntryOut'];
export type AuditVerification = WS['AuditVerification'];
export type ReindexResult = MS['ReindexResult'];
/** One administrative act in a service's hash chain (gateway and matching share the shape). */
export type AdminAuditEntry = GS['AdminAuditEntry'];
export type AdminAuditPage = GS['AdminAuditPage'];
export type AdminAuditVerification = GS['AdminAuditVerification'];
/** One of the signed-in user's sessions (a refresh-token family). */
export type AccountSession = GS['AccountSession'];
export type Delivery = WS['AgreementDeliveryOut'];
export type DeliveryEvent = WS['DeliveryEvent'];
export type DeliveryStats = WS['DeliveryStats'];
