/* eslint-disable */
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Date with time (isoformat) */
  DateTime: { input: string; output: string; }
  /** A decimal number as a string, such as "19.90". */
  Decimal: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf). */
  JSON: { input: unknown; output: unknown; }
};

export type ApiKey = Node & {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  persistedOnly: Scalars['Boolean']['output'];
  /**
   * The same as `secretHint`.
   * @deprecated It holds the secret's last characters, not a prefix: use `secretHint`.
   */
  prefix: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  scopes: Array<Scalars['String']['output']>;
  /** The key's kind and the last six characters of its secret (`esk_…x3Fq9Z`): enough to recognise a key in a list, nothing to use. */
  secretHint: Scalars['String']['output'];
};

export type ApiKeyConnection = {
  __typename?: 'ApiKeyConnection';
  edges: Array<ApiKeyEdge>;
  nodes: Array<ApiKey>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type ApiKeyCreateInput = {
  name: Scalars['String']['input'];
  persistedOnly?: Scalars['Boolean']['input'];
  scopes: Array<Scalars['String']['input']>;
};

export type ApiKeyCreatePayload = {
  __typename?: 'ApiKeyCreatePayload';
  apiKey?: Maybe<ApiKey>;
  /** Shown once; store it now. */
  secret?: Maybe<Scalars['String']['output']>;
  userErrors: Array<TenancyUserError>;
};

export type ApiKeyEdge = {
  __typename?: 'ApiKeyEdge';
  cursor: Scalars['String']['output'];
  node: ApiKey;
};

export type ApiKeyRevokePayload = {
  __typename?: 'ApiKeyRevokePayload';
  apiKey?: Maybe<ApiKey>;
  userErrors: Array<TenancyUserError>;
};

export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  InvalidToken = 'INVALID_TOKEN',
  NoMembership = 'NO_MEMBERSHIP',
  PasswordTooShort = 'PASSWORD_TOO_SHORT',
  TokenExpired = 'TOKEN_EXPIRED',
  TokenReused = 'TOKEN_REUSED'
}

export type AuthUserError = {
  __typename?: 'AuthUserError';
  code: AuthErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type Cart = {
  __typename?: 'Cart';
  buyerIdentity: CartBuyerIdentity;
  cost: CartCost;
  deliveryOptions: Array<CartDeliveryOption>;
  discountCodes: Array<CartDiscountCode>;
  id: Scalars['ID']['output'];
  lines: Array<CartLine>;
  selectedDeliveryOption?: Maybe<CartDeliveryOption>;
  shippingAddress?: Maybe<MailingAddress>;
  totalQuantity: Scalars['Int']['output'];
  updatedAt: Scalars['DateTime']['output'];
};


export type CartLinesArgs = {
  first?: Scalars['Int']['input'];
};

export type CartBuyerIdentity = {
  __typename?: 'CartBuyerIdentity';
  countryCode?: Maybe<CountryCode>;
  email?: Maybe<Scalars['String']['output']>;
  phone?: Maybe<Scalars['String']['output']>;
};

export type CartBuyerIdentityInput = {
  countryCode?: InputMaybe<CountryCode>;
  email?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type CartBuyerIdentityUpdatePayload = {
  __typename?: 'CartBuyerIdentityUpdatePayload';
  cart?: Maybe<Cart>;
  userErrors: Array<CartUserError>;
};

export type CartCost = {
  __typename?: 'CartCost';
  subtotalAmount: Money;
  totalAmount: Money;
  totalDiscountAmount: Money;
  totalShippingAmount: Money;
  totalTaxAmount: Money;
};

export type CartCreatePayload = {
  __typename?: 'CartCreatePayload';
  cart?: Maybe<Cart>;
  userErrors: Array<CartUserError>;
};

export type CartDeliveryOption = {
  __typename?: 'CartDeliveryOption';
  estimatedCost: Money;
  handle: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type CartDiscountCode = {
  __typename?: 'CartDiscountCode';
  applicable: Scalars['Boolean']['output'];
  code: Scalars['String']['output'];
};

export type CartDiscountCodesUpdatePayload = {
  __typename?: 'CartDiscountCodesUpdatePayload';
  cart?: Maybe<Cart>;
  userErrors: Array<CartUserError>;
};

export enum CartErrorCode {
  DiscountCodeNotApplicable = 'DISCOUNT_CODE_NOT_APPLICABLE',
  InvalidAddress = 'INVALID_ADDRESS',
  InvalidDeliveryOption = 'INVALID_DELIVERY_OPTION',
  InvalidDiscountCode = 'INVALID_DISCOUNT_CODE',
  InvalidEmail = 'INVALID_EMAIL',
  InvalidMerchandise = 'INVALID_MERCHANDISE',
  InvalidPhone = 'INVALID_PHONE',
  InvalidQuantity = 'INVALID_QUANTITY',
  LineNotFound = 'LINE_NOT_FOUND',
  NotEnoughStock = 'NOT_ENOUGH_STOCK',
  NotFound = 'NOT_FOUND',
  QuantityAboveLimit = 'QUANTITY_ABOVE_LIMIT',
  TooManyLines = 'TOO_MANY_LINES',
  UnshippableCountry = 'UNSHIPPABLE_COUNTRY'
}

export type CartInput = {
  buyerIdentity?: InputMaybe<CartBuyerIdentityInput>;
  discountCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  lines?: InputMaybe<Array<CartLineInput>>;
};

export type CartLine = {
  __typename?: 'CartLine';
  /** Null when the variant is no longer for sale (the line is not charged). */
  cost?: Maybe<CartLineCost>;
  id: Scalars['ID']['output'];
  merchandise?: Maybe<ProductVariant>;
  quantity: Scalars['Int']['output'];
};

export type CartLineCost = {
  __typename?: 'CartLineCost';
  amountPerQuantity: Money;
  /** Before discounts. */
  subtotalAmount: Money;
  /** After the line's share of the discount, with tax when prices exclude it. */
  totalAmount: Money;
};

export type CartLineInput = {
  merchandiseId: Scalars['ID']['input'];
  quantity?: Scalars['Int']['input'];
};

export type CartLineUpdateInput = {
  id: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
};

export type CartLinesAddPayload = {
  __typename?: 'CartLinesAddPayload';
  cart?: Maybe<Cart>;
  userErrors: Array<CartUserError>;
};

export type CartLinesRemovePayload = {
  __typename?: 'CartLinesRemovePayload';
  cart?: Maybe<Cart>;
  userErrors: Array<CartUserError>;
};

export type CartLinesUpdatePayload = {
  __typename?: 'CartLinesUpdatePayload';
  cart?: Maybe<Cart>;
  userErrors: Array<CartUserError>;
};

export type CartSelectedDeliveryOptionUpdatePayload = {
  __typename?: 'CartSelectedDeliveryOptionUpdatePayload';
  cart?: Maybe<Cart>;
  userErrors: Array<CartUserError>;
};

export type CartShippingAddressUpdatePayload = {
  __typename?: 'CartShippingAddressUpdatePayload';
  cart?: Maybe<Cart>;
  userErrors: Array<CartUserError>;
};

export type CartUserError = {
  __typename?: 'CartUserError';
  code: CartErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type Category = Node & {
  __typename?: 'Category';
  descriptionHtml: Scalars['String']['output'];
  handle: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  parent?: Maybe<Category>;
  position: Scalars['Int']['output'];
  /** Products of this category and of all its descendants. */
  products: ProductConnection;
  title: Scalars['String']['output'];
};


export type CategoryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type CategoryConnection = {
  __typename?: 'CategoryConnection';
  edges: Array<CategoryEdge>;
  nodes: Array<Category>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type CategoryCreateInput = {
  descriptionHtml?: InputMaybe<Scalars['String']['input']>;
  /** Made from the title when left out; unique in the store. */
  handle?: InputMaybe<Scalars['String']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** Order among siblings; after the last sibling when left out. */
  position?: InputMaybe<Scalars['Int']['input']>;
  storeId: Scalars['ID']['input'];
  title: Scalars['String']['input'];
};

export type CategoryCreatePayload = {
  __typename?: 'CategoryCreatePayload';
  category?: Maybe<Category>;
  userErrors: Array<CategoryUserError>;
};

export type CategoryDeletePayload = {
  __typename?: 'CategoryDeletePayload';
  deletedCategoryId?: Maybe<Scalars['ID']['output']>;
  userErrors: Array<CategoryUserError>;
};

export type CategoryEdge = {
  __typename?: 'CategoryEdge';
  cursor: Scalars['String']['output'];
  node: Category;
};

export enum CategoryErrorCode {
  Blank = 'BLANK',
  Cycle = 'CYCLE',
  HasChildren = 'HAS_CHILDREN',
  Invalid = 'INVALID',
  NotFound = 'NOT_FOUND',
  ParentNotFound = 'PARENT_NOT_FOUND',
  StoreNotFound = 'STORE_NOT_FOUND',
  Taken = 'TAKEN'
}

export type CategoryUpdateInput = {
  descriptionHtml?: InputMaybe<Scalars['String']['input']>;
  handle?: InputMaybe<Scalars['String']['input']>;
  /** Move under this category; null moves to the root, leaving it out keeps it. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  position?: InputMaybe<Scalars['Int']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type CategoryUpdatePayload = {
  __typename?: 'CategoryUpdatePayload';
  category?: Maybe<Category>;
  userErrors: Array<CategoryUserError>;
};

export type CategoryUserError = {
  __typename?: 'CategoryUserError';
  code: CategoryErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type Checkout = {
  __typename?: 'Checkout';
  cost: CartCost;
  id: Scalars['ID']['output'];
  /** The paid order, once there is one. */
  order?: Maybe<Order>;
  payment: CheckoutPayment;
  reservedUntil: Scalars['DateTime']['output'];
  status: CheckoutStatus;
};

export type CheckoutCompletePayload = {
  __typename?: 'CheckoutCompletePayload';
  checkout?: Maybe<Checkout>;
  order?: Maybe<Order>;
  userErrors: Array<CheckoutUserError>;
};

export type CheckoutCreatePayload = {
  __typename?: 'CheckoutCreatePayload';
  checkout?: Maybe<Checkout>;
  userErrors: Array<CheckoutUserError>;
};

export enum CheckoutErrorCode {
  DiscountCodeNotApplicable = 'DISCOUNT_CODE_NOT_APPLICABLE',
  EmptyCart = 'EMPTY_CART',
  Expired = 'EXPIRED',
  IdempotencyKeyInProgress = 'IDEMPOTENCY_KEY_IN_PROGRESS',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  Invalid = 'INVALID',
  InvalidMerchandise = 'INVALID_MERCHANDISE',
  MissingDeliveryOption = 'MISSING_DELIVERY_OPTION',
  MissingEmail = 'MISSING_EMAIL',
  MissingShippingAddress = 'MISSING_SHIPPING_ADDRESS',
  NotEnoughStock = 'NOT_ENOUGH_STOCK',
  NotFound = 'NOT_FOUND',
  PaymentsNotConfigured = 'PAYMENTS_NOT_CONFIGURED',
  PaymentProviderError = 'PAYMENT_PROVIDER_ERROR'
}

export type CheckoutPayment = {
  __typename?: 'CheckoutPayment';
  /** For Stripe's Payment Element (stripe.confirmPayment). */
  clientSecret?: Maybe<Scalars['String']['output']>;
  provider: PaymentProvider;
  /** The PaymentIntent's status, as Stripe says. */
  status?: Maybe<Scalars['String']['output']>;
};

export type CheckoutSettings = {
  __typename?: 'CheckoutSettings';
  cartTtlMinutes: Scalars['Int']['output'];
  pricesIncludeTax: Scalars['Boolean']['output'];
  reservationMinutes: Scalars['Int']['output'];
};

export type CheckoutSettingsInput = {
  cartTtlMinutes?: InputMaybe<Scalars['Int']['input']>;
  pricesIncludeTax?: InputMaybe<Scalars['Boolean']['input']>;
  reservationMinutes?: InputMaybe<Scalars['Int']['input']>;
};

export type CheckoutSettingsPayload = {
  __typename?: 'CheckoutSettingsPayload';
  checkoutSettings?: Maybe<CheckoutSettings>;
  userErrors: Array<SettingsUserError>;
};

export enum CheckoutStatus {
  Completed = 'COMPLETED',
  Expired = 'EXPIRED',
  Failed = 'FAILED',
  PaymentPending = 'PAYMENT_PENDING'
}

export type CheckoutUserError = {
  __typename?: 'CheckoutUserError';
  code: CheckoutErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type Collection = Node & {
  __typename?: 'Collection';
  createdAt: Scalars['DateTime']['output'];
  descriptionHtml: Scalars['String']['output'];
  handle: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The collection's products, in the collection's order. */
  products: ProductConnection;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};


export type CollectionProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type CollectionAddProductsPayload = {
  __typename?: 'CollectionAddProductsPayload';
  collection?: Maybe<Collection>;
  userErrors: Array<CollectionUserError>;
};

export type CollectionConnection = {
  __typename?: 'CollectionConnection';
  edges: Array<CollectionEdge>;
  nodes: Array<Collection>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type CollectionCreateInput = {
  descriptionHtml?: InputMaybe<Scalars['String']['input']>;
  /** Made from the title when left out; unique in the store. */
  handle?: InputMaybe<Scalars['String']['input']>;
  /** The collection's first products, in this order. */
  productIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  storeId: Scalars['ID']['input'];
  title: Scalars['String']['input'];
};

export type CollectionCreatePayload = {
  __typename?: 'CollectionCreatePayload';
  collection?: Maybe<Collection>;
  userErrors: Array<CollectionUserError>;
};

export type CollectionDeletePayload = {
  __typename?: 'CollectionDeletePayload';
  deletedCollectionId?: Maybe<Scalars['ID']['output']>;
  userErrors: Array<CollectionUserError>;
};

export type CollectionEdge = {
  __typename?: 'CollectionEdge';
  cursor: Scalars['String']['output'];
  node: Collection;
};

export enum CollectionErrorCode {
  Blank = 'BLANK',
  Invalid = 'INVALID',
  NotFound = 'NOT_FOUND',
  ProductNotFound = 'PRODUCT_NOT_FOUND',
  StoreNotFound = 'STORE_NOT_FOUND',
  Taken = 'TAKEN'
}

export type CollectionRemoveProductsPayload = {
  __typename?: 'CollectionRemoveProductsPayload';
  collection?: Maybe<Collection>;
  userErrors: Array<CollectionUserError>;
};

export type CollectionUpdateInput = {
  descriptionHtml?: InputMaybe<Scalars['String']['input']>;
  handle?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type CollectionUpdatePayload = {
  __typename?: 'CollectionUpdatePayload';
  collection?: Maybe<Collection>;
  userErrors: Array<CollectionUserError>;
};

export type CollectionUserError = {
  __typename?: 'CollectionUserError';
  code: CollectionErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

/** ISO 3166-1 alpha-2 country code */
export enum CountryCode {
  Ad = 'AD',
  Ae = 'AE',
  At = 'AT',
  Au = 'AU',
  Be = 'BE',
  Bg = 'BG',
  Br = 'BR',
  Ca = 'CA',
  Ch = 'CH',
  Cn = 'CN',
  Cy = 'CY',
  Cz = 'CZ',
  De = 'DE',
  Dk = 'DK',
  Ee = 'EE',
  Es = 'ES',
  Fi = 'FI',
  Fr = 'FR',
  Gb = 'GB',
  Gr = 'GR',
  Hk = 'HK',
  Hr = 'HR',
  Hu = 'HU',
  Id = 'ID',
  Ie = 'IE',
  Il = 'IL',
  In = 'IN',
  Is = 'IS',
  It = 'IT',
  Jp = 'JP',
  Kr = 'KR',
  Li = 'LI',
  Lt = 'LT',
  Lu = 'LU',
  Lv = 'LV',
  Mc = 'MC',
  Mt = 'MT',
  Mx = 'MX',
  My = 'MY',
  Nl = 'NL',
  No = 'NO',
  Nz = 'NZ',
  Ph = 'PH',
  Pl = 'PL',
  Pt = 'PT',
  Ro = 'RO',
  Rs = 'RS',
  Se = 'SE',
  Sg = 'SG',
  Si = 'SI',
  Sk = 'SK',
  Sm = 'SM',
  Th = 'TH',
  Tr = 'TR',
  Tw = 'TW',
  Ua = 'UA',
  Us = 'US',
  Vn = 'VN',
  Za = 'ZA'
}

/** ISO 4217 currency code */
export enum CurrencyCode {
  Aed = 'AED',
  Aud = 'AUD',
  Bgn = 'BGN',
  Brl = 'BRL',
  Cad = 'CAD',
  Chf = 'CHF',
  Cny = 'CNY',
  Czk = 'CZK',
  Dkk = 'DKK',
  Eur = 'EUR',
  Gbp = 'GBP',
  Hkd = 'HKD',
  Huf = 'HUF',
  Idr = 'IDR',
  Ils = 'ILS',
  Inr = 'INR',
  Isk = 'ISK',
  Jpy = 'JPY',
  Krw = 'KRW',
  Mxn = 'MXN',
  Myr = 'MYR',
  Nok = 'NOK',
  Nzd = 'NZD',
  Php = 'PHP',
  Pln = 'PLN',
  Ron = 'RON',
  Rsd = 'RSD',
  Sar = 'SAR',
  Sek = 'SEK',
  Sgd = 'SGD',
  Thb = 'THB',
  Try = 'TRY',
  Twd = 'TWD',
  Uah = 'UAH',
  Usd = 'USD',
  Vnd = 'VND',
  Zar = 'ZAR'
}

export type Discount = {
  __typename?: 'Discount';
  code: Scalars['String']['output'];
  collectionIds: Array<Scalars['ID']['output']>;
  createdAt: Scalars['DateTime']['output'];
  endsAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  kind: DiscountKind;
  minimumSubtotal?: Maybe<Money>;
  perEmailLimit?: Maybe<Scalars['Int']['output']>;
  startsAt?: Maybe<Scalars['DateTime']['output']>;
  usageLimit?: Maybe<Scalars['Int']['output']>;
  usedCount: Scalars['Int']['output'];
  /** A percent ("10") or an amount ("5.00"). */
  value: Scalars['String']['output'];
};

export type DiscountConnection = {
  __typename?: 'DiscountConnection';
  edges: Array<DiscountEdge>;
  nodes: Array<Discount>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type DiscountDeletePayload = {
  __typename?: 'DiscountDeletePayload';
  deletedId?: Maybe<Scalars['ID']['output']>;
  userErrors: Array<DiscountUserError>;
};

export type DiscountEdge = {
  __typename?: 'DiscountEdge';
  cursor: Scalars['String']['output'];
  node: Discount;
};

export enum DiscountErrorCode {
  Invalid = 'INVALID',
  NotFound = 'NOT_FOUND',
  Taken = 'TAKEN'
}

export type DiscountInput = {
  code?: InputMaybe<Scalars['String']['input']>;
  /** Limit to these collections' products; [] for all. */
  collectionIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  endsAt?: InputMaybe<Scalars['DateTime']['input']>;
  kind?: InputMaybe<DiscountKind>;
  minimumSubtotal?: InputMaybe<Scalars['Decimal']['input']>;
  perEmailLimit?: InputMaybe<Scalars['Int']['input']>;
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
  usageLimit?: InputMaybe<Scalars['Int']['input']>;
  /** A percent ("10") or an amount ("5.00"). */
  value?: InputMaybe<Scalars['Decimal']['input']>;
};

export enum DiscountKind {
  FixedAmount = 'FIXED_AMOUNT',
  Percentage = 'PERCENTAGE'
}

export type DiscountPayload = {
  __typename?: 'DiscountPayload';
  discount?: Maybe<Discount>;
  userErrors: Array<DiscountUserError>;
};

export type DiscountUserError = {
  __typename?: 'DiscountUserError';
  code: DiscountErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export enum DocumentErrorCode {
  Invalid = 'INVALID',
  NotFound = 'NOT_FOUND',
  TooLarge = 'TOO_LARGE',
  TooMany = 'TOO_MANY'
}

export type DocumentUserError = {
  __typename?: 'DocumentUserError';
  code: DocumentErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type Image = {
  __typename?: 'Image';
  altText?: Maybe<Scalars['String']['output']>;
  height?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  url: Scalars['String']['output'];
  width?: Maybe<Scalars['Int']['output']>;
};

export type ImageConnection = {
  __typename?: 'ImageConnection';
  edges: Array<ImageEdge>;
  nodes: Array<Image>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type ImageEdge = {
  __typename?: 'ImageEdge';
  cursor: Scalars['String']['output'];
  node: Image;
};

export enum InventoryErrorCode {
  BelowReserved = 'BELOW_RESERVED',
  IdempotencyKeyInProgress = 'IDEMPOTENCY_KEY_IN_PROGRESS',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  Invalid = 'INVALID',
  NegativeQuantity = 'NEGATIVE_QUANTITY',
  NotFound = 'NOT_FOUND'
}

export type InventoryPayload = {
  __typename?: 'InventoryPayload';
  userErrors: Array<InventoryUserError>;
  variant?: Maybe<ProductVariant>;
};

export type InventoryUserError = {
  __typename?: 'InventoryUserError';
  code: InventoryErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

/** ISO 639-1 language code */
export enum LanguageCode {
  Ar = 'AR',
  Bg = 'BG',
  Ca = 'CA',
  Cs = 'CS',
  Da = 'DA',
  De = 'DE',
  El = 'EL',
  En = 'EN',
  Es = 'ES',
  Et = 'ET',
  Fi = 'FI',
  Fr = 'FR',
  Ga = 'GA',
  Hr = 'HR',
  Hu = 'HU',
  Id = 'ID',
  Is = 'IS',
  It = 'IT',
  Ja = 'JA',
  Ko = 'KO',
  Lt = 'LT',
  Lv = 'LV',
  Ms = 'MS',
  Mt = 'MT',
  Nl = 'NL',
  No = 'NO',
  Pl = 'PL',
  Pt = 'PT',
  Ro = 'RO',
  Ru = 'RU',
  Sk = 'SK',
  Sl = 'SL',
  Sr = 'SR',
  Sv = 'SV',
  Th = 'TH',
  Tr = 'TR',
  Uk = 'UK',
  Vi = 'VI',
  Zh = 'ZH'
}

export type MailingAddress = {
  __typename?: 'MailingAddress';
  address1?: Maybe<Scalars['String']['output']>;
  address2?: Maybe<Scalars['String']['output']>;
  city?: Maybe<Scalars['String']['output']>;
  company?: Maybe<Scalars['String']['output']>;
  countryCode?: Maybe<CountryCode>;
  firstName?: Maybe<Scalars['String']['output']>;
  lastName?: Maybe<Scalars['String']['output']>;
  phone?: Maybe<Scalars['String']['output']>;
  province?: Maybe<Scalars['String']['output']>;
  zip?: Maybe<Scalars['String']['output']>;
};

export type MailingAddressInput = {
  address1?: InputMaybe<Scalars['String']['input']>;
  address2?: InputMaybe<Scalars['String']['input']>;
  city?: InputMaybe<Scalars['String']['input']>;
  company?: InputMaybe<Scalars['String']['input']>;
  countryCode?: InputMaybe<CountryCode>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  province?: InputMaybe<Scalars['String']['input']>;
  zip?: InputMaybe<Scalars['String']['input']>;
};

export type Me = {
  __typename?: 'Me';
  email: Scalars['String']['output'];
  name?: Maybe<Scalars['String']['output']>;
  role: StaffRole;
  staffMember: StaffMember;
  tenant: Tenant;
  userId: Scalars['ID']['output'];
};

export enum MediaErrorCode {
  Invalid = 'INVALID',
  NotFound = 'NOT_FOUND',
  ProductNotFound = 'PRODUCT_NOT_FOUND',
  StoreNotFound = 'STORE_NOT_FOUND',
  TooLarge = 'TOO_LARGE',
  UnsupportedContentType = 'UNSUPPORTED_CONTENT_TYPE',
  UploadMissing = 'UPLOAD_MISSING'
}

/** An image's alt text in one language; null removes it. */
export type MediaTranslationInput = {
  altText?: InputMaybe<Scalars['String']['input']>;
  mediaId: Scalars['ID']['input'];
};

/** Where to PUT the file: send these headers and a body of exactly fileSize bytes. */
export type MediaUpload = {
  __typename?: 'MediaUpload';
  expiresAt: Scalars['DateTime']['output'];
  headers: Array<MediaUploadHeader>;
  key: Scalars['String']['output'];
  method: Scalars['String']['output'];
  url: Scalars['String']['output'];
};

export type MediaUploadCreateInput = {
  /** image/jpeg, image/png, image/webp or image/gif. */
  contentType: Scalars['String']['input'];
  /** In bytes, at most 20 MB. */
  fileSize: Scalars['Int']['input'];
  filename: Scalars['String']['input'];
  storeId: Scalars['ID']['input'];
};

export type MediaUploadCreatePayload = {
  __typename?: 'MediaUploadCreatePayload';
  /** Give it to productMediaAttach once the upload is done. */
  mediaId?: Maybe<Scalars['ID']['output']>;
  upload?: Maybe<MediaUpload>;
  userErrors: Array<MediaUserError>;
};

export type MediaUploadHeader = {
  __typename?: 'MediaUploadHeader';
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type MediaUserError = {
  __typename?: 'MediaUserError';
  code: MediaErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type Money = {
  __typename?: 'Money';
  amount: Scalars['Decimal']['output'];
  currencyCode: CurrencyCode;
};

export type MoneyRange = {
  __typename?: 'MoneyRange';
  maxVariantPrice: Money;
  minVariantPrice: Money;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Create an API key; its secret is in the payload, once. */
  apiKeyCreate: ApiKeyCreatePayload;
  apiKeyRevoke: ApiKeyRevokePayload;
  /** Email, country and phone of the buyer. */
  cartBuyerIdentityUpdate: CartBuyerIdentityUpdatePayload;
  /** A new cart for the storefront's store. */
  cartCreate: CartCreatePayload;
  /** Replace the cart's discount codes ([] removes them). */
  cartDiscountCodesUpdate: CartDiscountCodesUpdatePayload;
  /** Add lines; a variant already in the cart adds up. */
  cartLinesAdd: CartLinesAddPayload;
  /** Remove lines by ID. */
  cartLinesRemove: CartLinesRemovePayload;
  /** Set line quantities; 0 removes a line. */
  cartLinesUpdate: CartLinesUpdatePayload;
  /** Choose one of the cart's deliveryOptions by handle. */
  cartSelectedDeliveryOptionUpdate: CartSelectedDeliveryOptionUpdatePayload;
  /** Where to ship; the country decides delivery options and VAT. */
  cartShippingAddressUpdate: CartShippingAddressUpdatePayload;
  /** Create a category, at the root or under a parent. */
  categoryCreate: CategoryCreatePayload;
  /** Delete a category without subcategories; its products become uncategorized. */
  categoryDelete: CategoryDeletePayload;
  /** Change a category; moving it moves its whole subtree. */
  categoryUpdate: CategoryUpdatePayload;
  /** Ask Stripe about the payment and answer the order once paid, else the checkout's state. Safe to repeat: the order is created once. idempotencyKey is accepted and not used: a repeat must see the payment's new state, not a replay. */
  checkoutComplete: CheckoutCompletePayload;
  /** Reserve the cart's stock (reservedUntil) and create its payment; a repeat with the same idempotencyKey answers the first response (the same checkout and payment). */
  checkoutCreate: CheckoutCreatePayload;
  /** Prices including or excluding VAT, cart lifetime and stock reservation length (minutes) of a store. */
  checkoutSettingsUpdate: CheckoutSettingsPayload;
  /** Append products at the end, in the given order; members stay where they are. */
  collectionAddProducts: CollectionAddProductsPayload;
  collectionCreate: CollectionCreatePayload;
  collectionDelete: CollectionDeletePayload;
  /** Remove products; ones not in the collection are ignored. */
  collectionRemoveProducts: CollectionRemoveProductsPayload;
  collectionUpdate: CollectionUpdatePayload;
  /** A discount code for a store. */
  discountCreate: DiscountPayload;
  /** Delete an unused discount; a used one is ended instead. */
  discountDelete: DiscountDeletePayload;
  /** Change a discount; omitted fields stay, null clears. */
  discountUpdate: DiscountPayload;
  /** Add `delta` (negative to remove) to a variant's stock on hand; a result below zero is refused. */
  inventoryAdjust: InventoryPayload;
  /** Set a variant's stock on hand (a count, a supplier feed). */
  inventorySet: InventoryPayload;
  /** Start an upload: a presigned PUT URL and the new media's id. */
  mediaUploadCreate: MediaUploadCreatePayload;
  /** Register trusted documents for a store: a manifest {"sha256:<hex>": "<document>"} as graphql-codegen's client preset writes it. Clients then send `documentId` instead of the text. All or nothing; `count` is the manifest's size. */
  persistedDocumentsRegister: PersistedDocumentsRegisterPayload;
  /** Create a product with its options, variants and stock. */
  productCreate: ProductCreatePayload;
  /** Delete a product with its variants, stock and media. */
  productDelete: ProductDeletePayload;
  /** Attach uploads or external images at the end, in order. */
  productMediaAttach: ProductMediaAttachPayload;
  /** A product's VAT class: STANDARD or REDUCED. */
  productTaxClassUpdate: ProductTaxClassPayload;
  /** Set or remove a product's texts, its variants' titles, its options' names and values and its images' alt texts, in one of the store's languages other than the default. */
  productTranslationsUpdate: ProductTranslationsUpdatePayload;
  /** Change the given fields of a product. */
  productUpdate: ProductUpdatePayload;
  /** Add variants to a product; new option values join its options. */
  productVariantsBulkCreate: ProductVariantsBulkCreatePayload;
  /** Change several variants of one product, all or nothing. */
  productVariantsBulkUpdate: ProductVariantsBulkUpdatePayload;
  /** A zone of countries with its rates. */
  shippingZoneCreate: ShippingZonePayload;
  /** Delete a zone and its rates. */
  shippingZoneDelete: ShippingZoneDeletePayload;
  staffInvite: StaffInvitePayload;
  /** Join the tenant of an invite token (setting a password if the person has none, else with their password), then sign in there. */
  staffInviteAccept: TokenPayload;
  staffRoleUpdate: StaffRoleUpdatePayload;
  storeCreate: StorePayload;
  storeUpdate: StorePayload;
  storefrontTokenCreate: StorefrontTokenCreatePayload;
  storefrontTokenRevoke: StorefrontTokenRevokePayload;
  /** Sign in with email and password. */
  tokenCreate: TokenPayload;
  /** Exchange a refresh token for new tokens (rotation). */
  tokenRefresh: TokenPayload;
  /** End a session: the given refresh token's, or the caller's. */
  tokenRevoke: TokenRevokePayload;
};


export type MutationApiKeyCreateArgs = {
  input: ApiKeyCreateInput;
};


export type MutationApiKeyRevokeArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCartBuyerIdentityUpdateArgs = {
  buyerIdentity: CartBuyerIdentityInput;
  cartId: Scalars['ID']['input'];
};


export type MutationCartCreateArgs = {
  input?: InputMaybe<CartInput>;
};


export type MutationCartDiscountCodesUpdateArgs = {
  cartId: Scalars['ID']['input'];
  discountCodes: Array<Scalars['String']['input']>;
};


export type MutationCartLinesAddArgs = {
  cartId: Scalars['ID']['input'];
  lines: Array<CartLineInput>;
};


export type MutationCartLinesRemoveArgs = {
  cartId: Scalars['ID']['input'];
  lineIds: Array<Scalars['ID']['input']>;
};


export type MutationCartLinesUpdateArgs = {
  cartId: Scalars['ID']['input'];
  lines: Array<CartLineUpdateInput>;
};


export type MutationCartSelectedDeliveryOptionUpdateArgs = {
  cartId: Scalars['ID']['input'];
  deliveryOptionHandle: Scalars['String']['input'];
};


export type MutationCartShippingAddressUpdateArgs = {
  address: MailingAddressInput;
  cartId: Scalars['ID']['input'];
};


export type MutationCategoryCreateArgs = {
  input: CategoryCreateInput;
};


export type MutationCategoryDeleteArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCategoryUpdateArgs = {
  id: Scalars['ID']['input'];
  input: CategoryUpdateInput;
};


export type MutationCheckoutCompleteArgs = {
  checkoutId: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCheckoutCreateArgs = {
  cartId: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCheckoutSettingsUpdateArgs = {
  input: CheckoutSettingsInput;
  storeId: Scalars['ID']['input'];
};


export type MutationCollectionAddProductsArgs = {
  id: Scalars['ID']['input'];
  productIds: Array<Scalars['ID']['input']>;
};


export type MutationCollectionCreateArgs = {
  input: CollectionCreateInput;
};


export type MutationCollectionDeleteArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCollectionRemoveProductsArgs = {
  id: Scalars['ID']['input'];
  productIds: Array<Scalars['ID']['input']>;
};


export type MutationCollectionUpdateArgs = {
  id: Scalars['ID']['input'];
  input: CollectionUpdateInput;
};


export type MutationDiscountCreateArgs = {
  input: DiscountInput;
  storeId: Scalars['ID']['input'];
};


export type MutationDiscountDeleteArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDiscountUpdateArgs = {
  id: Scalars['ID']['input'];
  input: DiscountInput;
};


export type MutationInventoryAdjustArgs = {
  delta: Scalars['Int']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  variantId: Scalars['ID']['input'];
};


export type MutationInventorySetArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  quantity: Scalars['Int']['input'];
  variantId: Scalars['ID']['input'];
};


export type MutationMediaUploadCreateArgs = {
  input: MediaUploadCreateInput;
};


export type MutationPersistedDocumentsRegisterArgs = {
  manifest: Scalars['JSON']['input'];
  storeId: Scalars['ID']['input'];
};


export type MutationProductCreateArgs = {
  input: ProductCreateInput;
};


export type MutationProductDeleteArgs = {
  id: Scalars['ID']['input'];
};


export type MutationProductMediaAttachArgs = {
  media: Array<ProductMediaInput>;
  productId: Scalars['ID']['input'];
};


export type MutationProductTaxClassUpdateArgs = {
  productId: Scalars['ID']['input'];
  taxClass: TaxClass;
};


export type MutationProductTranslationsUpdateArgs = {
  language: LanguageCode;
  mediaTranslations?: InputMaybe<Array<MediaTranslationInput>>;
  optionTranslations?: InputMaybe<Array<ProductOptionTranslationInput>>;
  productId: Scalars['ID']['input'];
  translations: ProductTranslationInput;
  variantTranslations?: InputMaybe<Array<ProductVariantTranslationInput>>;
};


export type MutationProductUpdateArgs = {
  id: Scalars['ID']['input'];
  input: ProductUpdateInput;
};


export type MutationProductVariantsBulkCreateArgs = {
  productId: Scalars['ID']['input'];
  variants: Array<ProductVariantInput>;
};


export type MutationProductVariantsBulkUpdateArgs = {
  productId: Scalars['ID']['input'];
  variants: Array<ProductVariantBulkUpdateInput>;
};


export type MutationShippingZoneCreateArgs = {
  input: ShippingZoneCreateInput;
};


export type MutationShippingZoneDeleteArgs = {
  id: Scalars['ID']['input'];
};


export type MutationStaffInviteArgs = {
  input: StaffInviteInput;
};


export type MutationStaffInviteAcceptArgs = {
  password: Scalars['String']['input'];
  token: Scalars['String']['input'];
};


export type MutationStaffRoleUpdateArgs = {
  role: StaffRole;
  staffMemberId: Scalars['ID']['input'];
};


export type MutationStoreCreateArgs = {
  input: StoreCreateInput;
};


export type MutationStoreUpdateArgs = {
  id: Scalars['ID']['input'];
  input: StoreUpdateInput;
};


export type MutationStorefrontTokenCreateArgs = {
  storeId: Scalars['ID']['input'];
  title?: Scalars['String']['input'];
};


export type MutationStorefrontTokenRevokeArgs = {
  id: Scalars['ID']['input'];
};


export type MutationTokenCreateArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  tenantId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationTokenRefreshArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationTokenRevokeArgs = {
  refreshToken?: InputMaybe<Scalars['String']['input']>;
};

/** An object with a globally unique, opaque ID. */
export type Node = {
  id: Scalars['ID']['output'];
};

export type Order = {
  __typename?: 'Order';
  cost: CartCost;
  createdAt: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lines: Array<OrderLine>;
  number: Scalars['Int']['output'];
  shippingAddress?: Maybe<MailingAddress>;
  status: OrderStatus;
  /** The shopper's secret for order(id, token). */
  token: Scalars['String']['output'];
};

export type OrderLine = {
  __typename?: 'OrderLine';
  discountAmount: Money;
  id: Scalars['ID']['output'];
  quantity: Scalars['Int']['output'];
  sku?: Maybe<Scalars['String']['output']>;
  subtotalAmount: Money;
  taxAmount: Money;
  title: Scalars['String']['output'];
  totalAmount: Money;
  unitPrice: Money;
  variantTitle: Scalars['String']['output'];
};

export enum OrderStatus {
  Cancelled = 'CANCELLED',
  Delivered = 'DELIVERED',
  Paid = 'PAID',
  PartiallyRefunded = 'PARTIALLY_REFUNDED',
  PartiallyShipped = 'PARTIALLY_SHIPPED',
  PendingPayment = 'PENDING_PAYMENT',
  Refunded = 'REFUNDED',
  Shipped = 'SHIPPED',
  SupplierOrdered = 'SUPPLIER_ORDERED'
}

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export enum PaymentProvider {
  Stripe = 'STRIPE'
}

export type PersistedDocumentsRegisterPayload = {
  __typename?: 'PersistedDocumentsRegisterPayload';
  count?: Maybe<Scalars['Int']['output']>;
  userErrors: Array<DocumentUserError>;
};

export type PriceRangeFilter = {
  max?: InputMaybe<Scalars['Decimal']['input']>;
  min?: InputMaybe<Scalars['Decimal']['input']>;
};

export type Product = Node & {
  __typename?: 'Product';
  availableForSale: Scalars['Boolean']['output'];
  category?: Maybe<Category>;
  collections: CollectionConnection;
  compareAtPriceRange?: Maybe<MoneyRange>;
  createdAt: Scalars['DateTime']['output'];
  description: Scalars['String']['output'];
  descriptionHtml: Scalars['String']['output'];
  featuredImage?: Maybe<Image>;
  handle: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  images: ImageConnection;
  options: Array<ProductOption>;
  priceRange: MoneyRange;
  seo: Seo;
  status: ProductStatus;
  tags: Array<Scalars['String']['output']>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  variants: ProductVariantConnection;
  vendor?: Maybe<Scalars['String']['output']>;
};


export type ProductCollectionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ProductImagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ProductVariantsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ProductConnection = {
  __typename?: 'ProductConnection';
  edges: Array<ProductEdge>;
  nodes: Array<Product>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** Without variants the product gets one: the first value of each option, price 0, no stock. */
export type ProductCreateInput = {
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  descriptionHtml?: InputMaybe<Scalars['String']['input']>;
  /** Made from the title when left out, unique in the store. */
  handle?: InputMaybe<Scalars['String']['input']>;
  /** At most 3. */
  options?: InputMaybe<Array<ProductOptionInput>>;
  seo?: InputMaybe<SeoInput>;
  /** DRAFT by default. */
  status?: InputMaybe<ProductStatus>;
  storeId: Scalars['ID']['input'];
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  title: Scalars['String']['input'];
  /** At most 100. */
  variants?: InputMaybe<Array<ProductVariantInput>>;
  vendor?: InputMaybe<Scalars['String']['input']>;
};

export type ProductCreatePayload = {
  __typename?: 'ProductCreatePayload';
  product?: Maybe<Product>;
  userErrors: Array<ProductUserError>;
};

export type ProductDeletePayload = {
  __typename?: 'ProductDeletePayload';
  deletedProductId?: Maybe<Scalars['ID']['output']>;
  userErrors: Array<ProductUserError>;
};

export type ProductEdge = {
  __typename?: 'ProductEdge';
  cursor: Scalars['String']['output'];
  node: Product;
};

export enum ProductErrorCode {
  Blank = 'BLANK',
  CategoryNotFound = 'CATEGORY_NOT_FOUND',
  DuplicateSku = 'DUPLICATE_SKU',
  DuplicateVariant = 'DUPLICATE_VARIANT',
  Invalid = 'INVALID',
  InvalidLanguage = 'INVALID_LANGUAGE',
  InvalidPrice = 'INVALID_PRICE',
  NegativePrice = 'NEGATIVE_PRICE',
  NegativeQuantity = 'NEGATIVE_QUANTITY',
  NotFound = 'NOT_FOUND',
  OptionValuesMismatch = 'OPTION_VALUES_MISMATCH',
  StoreNotFound = 'STORE_NOT_FOUND',
  Taken = 'TAKEN',
  TooLong = 'TOO_LONG',
  TooManyOptions = 'TOO_MANY_OPTIONS',
  TooManyVariants = 'TOO_MANY_VARIANTS',
  UnknownOption = 'UNKNOWN_OPTION'
}

export type ProductFilter = {
  available?: InputMaybe<Scalars['Boolean']['input']>;
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  collectionId?: InputMaybe<Scalars['ID']['input']>;
  price?: InputMaybe<PriceRangeFilter>;
  /** Admin only; storefronts always see ACTIVE products. */
  status?: InputMaybe<ProductStatus>;
  tag?: InputMaybe<Scalars['String']['input']>;
};

export type ProductMediaAttachPayload = {
  __typename?: 'ProductMediaAttachPayload';
  /** The attached images, in order. */
  media: Array<Image>;
  product?: Maybe<Product>;
  userErrors: Array<MediaUserError>;
};

/** An uploaded file (mediaId) or an external https image (url). */
export type ProductMediaInput = {
  altText?: InputMaybe<Scalars['String']['input']>;
  height?: InputMaybe<Scalars['Int']['input']>;
  mediaId?: InputMaybe<Scalars['ID']['input']>;
  url?: InputMaybe<Scalars['String']['input']>;
  width?: InputMaybe<Scalars['Int']['input']>;
};

export type ProductOption = {
  __typename?: 'ProductOption';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  values: Array<Scalars['String']['output']>;
};

export type ProductOptionInput = {
  name: Scalars['String']['input'];
  values: Array<Scalars['String']['input']>;
};

/** An option's name and values in one language. */
export type ProductOptionTranslationInput = {
  /** Null or blank removes the translation. */
  name?: InputMaybe<Scalars['String']['input']>;
  optionId: Scalars['ID']['input'];
  /** The option's values in this language, as many and in the same order as `ProductOption.values` in the default language; a blank one stays untranslated, null or [] removes them. */
  values?: InputMaybe<Array<Scalars['String']['input']>>;
};

export enum ProductSortKeys {
  BestSelling = 'BEST_SELLING',
  CollectionDefault = 'COLLECTION_DEFAULT',
  CreatedAt = 'CREATED_AT',
  Price = 'PRICE',
  Relevance = 'RELEVANCE',
  Title = 'TITLE',
  UpdatedAt = 'UPDATED_AT'
}

export enum ProductStatus {
  Active = 'ACTIVE',
  Archived = 'ARCHIVED',
  Draft = 'DRAFT'
}

export type ProductTaxClassPayload = {
  __typename?: 'ProductTaxClassPayload';
  productId?: Maybe<Scalars['ID']['output']>;
  taxClass?: Maybe<TaxClass>;
  userErrors: Array<SettingsUserError>;
};

/** Text in the given language; null or blank removes it. */
export type ProductTranslationInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  descriptionHtml?: InputMaybe<Scalars['String']['input']>;
  seoDescription?: InputMaybe<Scalars['String']['input']>;
  seoTitle?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type ProductTranslationsUpdatePayload = {
  __typename?: 'ProductTranslationsUpdatePayload';
  product?: Maybe<Product>;
  userErrors: Array<ProductUserError>;
};

/** Fields left out stay as they are; null clears vendor, category and SEO texts and leaves the other fields unchanged. */
export type ProductUpdateInput = {
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  descriptionHtml?: InputMaybe<Scalars['String']['input']>;
  handle?: InputMaybe<Scalars['String']['input']>;
  seo?: InputMaybe<SeoInput>;
  status?: InputMaybe<ProductStatus>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  title?: InputMaybe<Scalars['String']['input']>;
  vendor?: InputMaybe<Scalars['String']['input']>;
};

export type ProductUpdatePayload = {
  __typename?: 'ProductUpdatePayload';
  product?: Maybe<Product>;
  userErrors: Array<ProductUserError>;
};

export type ProductUserError = {
  __typename?: 'ProductUserError';
  code: ProductErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type ProductVariant = Node & {
  __typename?: 'ProductVariant';
  availableForSale: Scalars['Boolean']['output'];
  barcode?: Maybe<Scalars['String']['output']>;
  compareAtPrice?: Maybe<Money>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  image?: Maybe<Image>;
  position: Scalars['Int']['output'];
  price: Money;
  product: Product;
  quantityAvailable: Scalars['Int']['output'];
  selectedOptions: Array<SelectedOption>;
  sku?: Maybe<Scalars['String']['output']>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  weightGrams?: Maybe<Scalars['Int']['output']>;
};

/** Fields left out stay as they are; null clears the optional ones. */
export type ProductVariantBulkUpdateInput = {
  barcode?: InputMaybe<Scalars['String']['input']>;
  compareAtPrice?: InputMaybe<Scalars['Decimal']['input']>;
  id: Scalars['ID']['input'];
  optionValues?: InputMaybe<Array<Scalars['String']['input']>>;
  price?: InputMaybe<Scalars['Decimal']['input']>;
  sku?: InputMaybe<Scalars['String']['input']>;
  weightGrams?: InputMaybe<Scalars['Int']['input']>;
};

export type ProductVariantConnection = {
  __typename?: 'ProductVariantConnection';
  edges: Array<ProductVariantEdge>;
  nodes: Array<ProductVariant>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type ProductVariantEdge = {
  __typename?: 'ProductVariantEdge';
  cursor: Scalars['String']['output'];
  node: ProductVariant;
};

export type ProductVariantInput = {
  barcode?: InputMaybe<Scalars['String']['input']>;
  /** May be lower than price; a sale shows only when higher. */
  compareAtPrice?: InputMaybe<Scalars['Decimal']['input']>;
  /** Initial stock on hand; 0 when left out. */
  inventoryQuantity?: InputMaybe<Scalars['Int']['input']>;
  /** One value per product option, in the options' order. */
  optionValues?: InputMaybe<Array<Scalars['String']['input']>>;
  price: Scalars['Decimal']['input'];
  sku?: InputMaybe<Scalars['String']['input']>;
  weightGrams?: InputMaybe<Scalars['Int']['input']>;
};

export type ProductVariantTranslationInput = {
  title?: InputMaybe<Scalars['String']['input']>;
  variantId: Scalars['ID']['input'];
};

export type ProductVariantsBulkCreatePayload = {
  __typename?: 'ProductVariantsBulkCreatePayload';
  product?: Maybe<Product>;
  productVariants?: Maybe<Array<ProductVariant>>;
  userErrors: Array<ProductUserError>;
};

export type ProductVariantsBulkUpdatePayload = {
  __typename?: 'ProductVariantsBulkUpdatePayload';
  product?: Maybe<Product>;
  productVariants?: Maybe<Array<ProductVariant>>;
  userErrors: Array<ProductUserError>;
};

export type Query = {
  __typename?: 'Query';
  apiKeys: ApiKeyConnection;
  /** A cart of the storefront's store; null when unknown or expired. */
  cart?: Maybe<Cart>;
  /** Categories, shallower first, then by position. */
  categories: CategoryConnection;
  category?: Maybe<Category>;
  /** A store's checkout settings. */
  checkoutSettings?: Maybe<CheckoutSettings>;
  collection?: Maybe<Collection>;
  collections: CollectionConnection;
  /** A store's discount codes. */
  discounts: DiscountConnection;
  /** The signed-in staff user. */
  me: Me;
  /** Fetches an object by its global ID. */
  node?: Maybe<Node>;
  /** Fetches objects by their global IDs, in order. */
  nodes: Array<Maybe<Node>>;
  /** A shopper's own order: its ID and the secret token given at checkout. Null when either is wrong. */
  order?: Maybe<Order>;
  /** A product by ID or by handle (handles are per store). */
  product?: Maybe<Product>;
  /** Products; `query` is full-text search with prefix matching. */
  products: ProductConnection;
  /** A store's shipping zones and rates. */
  shippingZones: Array<ShippingZone>;
  /** The store of the storefront token or domain. */
  shop: Shop;
  staffMembers: StaffMemberConnection;
  stores: StoreConnection;
};


export type QueryApiKeysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCartArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCategoriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  storeId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryCategoryArgs = {
  handle?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
  storeId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryCheckoutSettingsArgs = {
  storeId: Scalars['ID']['input'];
};


export type QueryCollectionArgs = {
  handle?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
  storeId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryCollectionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  storeId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryDiscountsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  storeId: Scalars['ID']['input'];
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
  token: Scalars['String']['input'];
};


export type QueryProductArgs = {
  handle?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
  storeId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ProductFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
  reverse?: Scalars['Boolean']['input'];
  sortKey?: InputMaybe<ProductSortKeys>;
  storeId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryShippingZonesArgs = {
  storeId: Scalars['ID']['input'];
};


export type QueryStaffMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStoresArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type Seo = {
  __typename?: 'SEO';
  description?: Maybe<Scalars['String']['output']>;
  title?: Maybe<Scalars['String']['output']>;
};

/** Search engine texts; null clears one. */
export type SeoInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type SelectedOption = {
  __typename?: 'SelectedOption';
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export enum SettingsErrorCode {
  Invalid = 'INVALID',
  NotFound = 'NOT_FOUND'
}

export type SettingsUserError = {
  __typename?: 'SettingsUserError';
  code: SettingsErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export enum ShippingErrorCode {
  Invalid = 'INVALID',
  NotFound = 'NOT_FOUND',
  Taken = 'TAKEN'
}

export type ShippingRate = {
  __typename?: 'ShippingRate';
  freeAbove?: Maybe<Money>;
  handle: Scalars['String']['output'];
  kind: ShippingRateKind;
  /** Band end, exclusive. */
  maxValue?: Maybe<Scalars['Int']['output']>;
  /** Band start: grams (WEIGHT) or minor units of the subtotal (SUBTOTAL). */
  minValue?: Maybe<Scalars['Int']['output']>;
  price: Money;
  title: Scalars['String']['output'];
};

export type ShippingRateInput = {
  freeAbove?: InputMaybe<Scalars['Decimal']['input']>;
  handle: Scalars['String']['input'];
  kind: ShippingRateKind;
  maxValue?: InputMaybe<Scalars['Int']['input']>;
  minValue?: InputMaybe<Scalars['Int']['input']>;
  price: Scalars['Decimal']['input'];
  title: Scalars['String']['input'];
};

export enum ShippingRateKind {
  Flat = 'FLAT',
  Subtotal = 'SUBTOTAL',
  Weight = 'WEIGHT'
}

export type ShippingUserError = {
  __typename?: 'ShippingUserError';
  code: ShippingErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type ShippingZone = {
  __typename?: 'ShippingZone';
  countries: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  rates: Array<ShippingRate>;
};

export type ShippingZoneCreateInput = {
  countries: Array<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  rates: Array<ShippingRateInput>;
  storeId: Scalars['ID']['input'];
};

export type ShippingZoneDeletePayload = {
  __typename?: 'ShippingZoneDeletePayload';
  deletedId?: Maybe<Scalars['ID']['output']>;
  userErrors: Array<ShippingUserError>;
};

export type ShippingZonePayload = {
  __typename?: 'ShippingZonePayload';
  shippingZone?: Maybe<ShippingZone>;
  userErrors: Array<ShippingUserError>;
};

/** The store a storefront token or domain belongs to. */
export type Shop = {
  __typename?: 'Shop';
  currencyCode: CurrencyCode;
  defaultLanguage: LanguageCode;
  languages: Array<LanguageCode>;
  name: Scalars['String']['output'];
  primaryDomain?: Maybe<Scalars['String']['output']>;
};

export type StaffInviteInput = {
  email: Scalars['String']['input'];
  role?: StaffRole;
};

export type StaffInvitePayload = {
  __typename?: 'StaffInvitePayload';
  /** Give it to the person: they join with staffInviteAccept. Shown once. */
  inviteToken?: Maybe<Scalars['String']['output']>;
  staffMember?: Maybe<StaffMember>;
  userErrors: Array<TenancyUserError>;
};

export type StaffMember = Node & {
  __typename?: 'StaffMember';
  createdAt: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  role: StaffRole;
  status: Scalars['String']['output'];
};

export type StaffMemberConnection = {
  __typename?: 'StaffMemberConnection';
  edges: Array<StaffMemberEdge>;
  nodes: Array<StaffMember>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type StaffMemberEdge = {
  __typename?: 'StaffMemberEdge';
  cursor: Scalars['String']['output'];
  node: StaffMember;
};

export enum StaffRole {
  Admin = 'ADMIN',
  Owner = 'OWNER',
  Staff = 'STAFF',
  Viewer = 'VIEWER'
}

export type StaffRoleUpdatePayload = {
  __typename?: 'StaffRoleUpdatePayload';
  staffMember?: Maybe<StaffMember>;
  userErrors: Array<TenancyUserError>;
};

export type Store = Node & {
  __typename?: 'Store';
  createdAt: Scalars['DateTime']['output'];
  currencyCode: CurrencyCode;
  defaultLanguage: LanguageCode;
  domain?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  languages: Array<LanguageCode>;
  name: Scalars['String']['output'];
  status: Scalars['String']['output'];
  timezone: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type StoreConnection = {
  __typename?: 'StoreConnection';
  edges: Array<StoreEdge>;
  nodes: Array<Store>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type StoreCreateInput = {
  currencyCode: CurrencyCode;
  defaultLanguage?: InputMaybe<LanguageCode>;
  domain?: InputMaybe<Scalars['String']['input']>;
  languages?: InputMaybe<Array<LanguageCode>>;
  name: Scalars['String']['input'];
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type StoreEdge = {
  __typename?: 'StoreEdge';
  cursor: Scalars['String']['output'];
  node: Store;
};

export type StorePayload = {
  __typename?: 'StorePayload';
  store?: Maybe<Store>;
  userErrors: Array<TenancyUserError>;
};

export type StoreUpdateInput = {
  currencyCode?: InputMaybe<CurrencyCode>;
  defaultLanguage?: InputMaybe<LanguageCode>;
  domain?: InputMaybe<Scalars['String']['input']>;
  languages?: InputMaybe<Array<LanguageCode>>;
  name?: InputMaybe<Scalars['String']['input']>;
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type StorefrontToken = Node & {
  __typename?: 'StorefrontToken';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  storeId: Scalars['ID']['output'];
  title: Scalars['String']['output'];
};

export type StorefrontTokenCreatePayload = {
  __typename?: 'StorefrontTokenCreatePayload';
  storefrontToken?: Maybe<StorefrontToken>;
  /** The X-Storefront-Token value. */
  token?: Maybe<Scalars['String']['output']>;
  userErrors: Array<TenancyUserError>;
};

export type StorefrontTokenRevokePayload = {
  __typename?: 'StorefrontTokenRevokePayload';
  storefrontToken?: Maybe<StorefrontToken>;
  userErrors: Array<TenancyUserError>;
};

export enum TaxClass {
  Reduced = 'REDUCED',
  Standard = 'STANDARD'
}

export enum TenancyErrorCode {
  AlreadyMember = 'ALREADY_MEMBER',
  ForbiddenRole = 'FORBIDDEN_ROLE',
  Invalid = 'INVALID',
  InvalidCurrency = 'INVALID_CURRENCY',
  InvalidEmail = 'INVALID_EMAIL',
  InvalidLanguage = 'INVALID_LANGUAGE',
  InvalidScope = 'INVALID_SCOPE',
  InvalidTimezone = 'INVALID_TIMEZONE',
  LastOwner = 'LAST_OWNER',
  NotFound = 'NOT_FOUND',
  Taken = 'TAKEN'
}

export type TenancyUserError = {
  __typename?: 'TenancyUserError';
  code: TenancyErrorCode;
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type Tenant = {
  __typename?: 'Tenant';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type TokenPayload = {
  __typename?: 'TokenPayload';
  accessToken?: Maybe<Scalars['String']['output']>;
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  refreshToken?: Maybe<Scalars['String']['output']>;
  userErrors: Array<AuthUserError>;
};

export type TokenRevokePayload = {
  __typename?: 'TokenRevokePayload';
  revoked: Scalars['Boolean']['output'];
  userErrors: Array<AuthUserError>;
};

export type DashboardProductsQueryVariables = Exact<{
  storeId?: InputMaybe<Scalars['ID']['input']>;
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
}>;


export type DashboardProductsQuery = { __typename?: 'Query', products: { __typename?: 'ProductConnection', nodes: Array<{ __typename?: 'Product', id: string, handle: string, title: string, status: ProductStatus, updatedAt: string, variants: { __typename?: 'ProductVariantConnection', nodes: Array<{ __typename?: 'ProductVariant', id: string, sku?: string | null, quantityAvailable: number, price: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type ProductCreateMutationVariables = Exact<{
  input: ProductCreateInput;
}>;


export type ProductCreateMutation = { __typename?: 'Mutation', productCreate: { __typename?: 'ProductCreatePayload', product?: { __typename?: 'Product', id: string, handle: string, title: string, status: ProductStatus } | null, userErrors: Array<{ __typename?: 'ProductUserError', field?: Array<string> | null, message: string, code: ProductErrorCode }> } };

export type InventorySetMutationVariables = Exact<{
  variantId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type InventorySetMutation = { __typename?: 'Mutation', inventorySet: { __typename?: 'InventoryPayload', variant?: { __typename?: 'ProductVariant', id: string, quantityAvailable: number } | null, userErrors: Array<{ __typename?: 'InventoryUserError', field?: Array<string> | null, message: string, code: InventoryErrorCode }> } };

export type SignInMutationVariables = Exact<{
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type SignInMutation = { __typename?: 'Mutation', tokenCreate: { __typename?: 'TokenPayload', accessToken?: string | null, refreshToken?: string | null, expiresAt?: string | null, userErrors: Array<{ __typename?: 'AuthUserError', field?: Array<string> | null, message: string, code: AuthErrorCode }> } };

export type DashboardStoresQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardStoresQuery = { __typename?: 'Query', me: { __typename?: 'Me', email: string }, stores: { __typename?: 'StoreConnection', nodes: Array<{ __typename?: 'Store', id: string, name: string }> } };

export type CartFieldsFragment = { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } };

export type CartQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CartQuery = { __typename?: 'Query', cart?: { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null };

export type CartCreateMutationVariables = Exact<{
  input?: InputMaybe<CartInput>;
}>;


export type CartCreateMutation = { __typename?: 'Mutation', cartCreate: { __typename?: 'CartCreatePayload', cart?: { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'CartUserError', field?: Array<string> | null, message: string, code: CartErrorCode }> } };

export type CartLinesAddMutationVariables = Exact<{
  cartId: Scalars['ID']['input'];
  lines: Array<CartLineInput> | CartLineInput;
}>;


export type CartLinesAddMutation = { __typename?: 'Mutation', cartLinesAdd: { __typename?: 'CartLinesAddPayload', cart?: { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'CartUserError', field?: Array<string> | null, message: string, code: CartErrorCode }> } };

export type CartLinesUpdateMutationVariables = Exact<{
  cartId: Scalars['ID']['input'];
  lines: Array<CartLineUpdateInput> | CartLineUpdateInput;
}>;


export type CartLinesUpdateMutation = { __typename?: 'Mutation', cartLinesUpdate: { __typename?: 'CartLinesUpdatePayload', cart?: { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'CartUserError', field?: Array<string> | null, message: string, code: CartErrorCode }> } };

export type CartLinesRemoveMutationVariables = Exact<{
  cartId: Scalars['ID']['input'];
  lineIds: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type CartLinesRemoveMutation = { __typename?: 'Mutation', cartLinesRemove: { __typename?: 'CartLinesRemovePayload', cart?: { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'CartUserError', field?: Array<string> | null, message: string, code: CartErrorCode }> } };

export type CartBuyerIdentityUpdateMutationVariables = Exact<{
  cartId: Scalars['ID']['input'];
  buyerIdentity: CartBuyerIdentityInput;
}>;


export type CartBuyerIdentityUpdateMutation = { __typename?: 'Mutation', cartBuyerIdentityUpdate: { __typename?: 'CartBuyerIdentityUpdatePayload', cart?: { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'CartUserError', field?: Array<string> | null, message: string, code: CartErrorCode }> } };

export type CartShippingAddressUpdateMutationVariables = Exact<{
  cartId: Scalars['ID']['input'];
  address: MailingAddressInput;
}>;


export type CartShippingAddressUpdateMutation = { __typename?: 'Mutation', cartShippingAddressUpdate: { __typename?: 'CartShippingAddressUpdatePayload', cart?: { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'CartUserError', field?: Array<string> | null, message: string, code: CartErrorCode }> } };

export type CartSelectedDeliveryOptionUpdateMutationVariables = Exact<{
  cartId: Scalars['ID']['input'];
  handle: Scalars['String']['input'];
}>;


export type CartSelectedDeliveryOptionUpdateMutation = { __typename?: 'Mutation', cartSelectedDeliveryOptionUpdate: { __typename?: 'CartSelectedDeliveryOptionUpdatePayload', cart?: { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'CartUserError', field?: Array<string> | null, message: string, code: CartErrorCode }> } };

export type CartDiscountCodesUpdateMutationVariables = Exact<{
  cartId: Scalars['ID']['input'];
  codes: Array<Scalars['String']['input']> | Scalars['String']['input'];
}>;


export type CartDiscountCodesUpdateMutation = { __typename?: 'Mutation', cartDiscountCodesUpdate: { __typename?: 'CartDiscountCodesUpdatePayload', cart?: { __typename?: 'Cart', id: string, totalQuantity: number, updatedAt: string, lines: Array<{ __typename?: 'CartLine', id: string, quantity: number, merchandise?: { __typename?: 'ProductVariant', id: string, title: string, sku?: string | null, product: { __typename?: 'Product', handle: string, title: string } } | null, cost?: { __typename?: 'CartLineCost', amountPerQuantity: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null }>, buyerIdentity: { __typename?: 'CartBuyerIdentity', email?: string | null, countryCode?: CountryCode | null, phone?: string | null }, discountCodes: Array<{ __typename?: 'CartDiscountCode', code: string, applicable: boolean }>, deliveryOptions: Array<{ __typename?: 'CartDeliveryOption', handle: string, title: string, estimatedCost: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, selectedDeliveryOption?: { __typename?: 'CartDeliveryOption', handle: string } | null, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalTaxAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalShippingAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalDiscountAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'CartUserError', field?: Array<string> | null, message: string, code: CartErrorCode }> } };

export type CategoryPageQueryVariables = Exact<{
  handle: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type CategoryPageQuery = { __typename?: 'Query', category?: { __typename?: 'Category', id: string, handle: string, title: string, descriptionHtml: string, products: { __typename?: 'ProductConnection', edges: Array<{ __typename?: 'ProductEdge', cursor: string, node: { __typename?: 'Product', id: string, handle: string, title: string, description: string, availableForSale: boolean, featuredImage?: { __typename?: 'Image', url: string, altText?: string | null, width?: number | null, height?: number | null } | null, priceRange: { __typename?: 'MoneyRange', minVariantPrice: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, maxVariantPrice: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }, variants: { __typename?: 'ProductVariantConnection', nodes: Array<{ __typename?: 'ProductVariant', id: string, sku?: string | null, title: string, quantityAvailable: number, price: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, selectedOptions: Array<{ __typename?: 'SelectedOption', name: string, value: string }> }> } } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } } | null };

export type CheckoutCreateMutationVariables = Exact<{
  cartId: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type CheckoutCreateMutation = { __typename?: 'Mutation', checkoutCreate: { __typename?: 'CheckoutCreatePayload', checkout?: { __typename?: 'Checkout', id: string, status: CheckoutStatus, reservedUntil: string, payment: { __typename?: 'CheckoutPayment', provider: PaymentProvider, clientSecret?: string | null, status?: string | null }, cost: { __typename?: 'CartCost', totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } } | null, userErrors: Array<{ __typename?: 'CheckoutUserError', field?: Array<string> | null, message: string, code: CheckoutErrorCode }> } };

export type CheckoutCompleteMutationVariables = Exact<{
  checkoutId: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type CheckoutCompleteMutation = { __typename?: 'Mutation', checkoutComplete: { __typename?: 'CheckoutCompletePayload', order?: { __typename?: 'Order', id: string, number: number, status: OrderStatus, token: string } | null, checkout?: { __typename?: 'Checkout', id: string, status: CheckoutStatus } | null, userErrors: Array<{ __typename?: 'CheckoutUserError', field?: Array<string> | null, message: string, code: CheckoutErrorCode }> } };

export type OrderTrackingQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  token: Scalars['String']['input'];
}>;


export type OrderTrackingQuery = { __typename?: 'Query', order?: { __typename?: 'Order', id: string, number: number, status: OrderStatus, email: string, createdAt: string, lines: Array<{ __typename?: 'OrderLine', id: string, title: string, variantTitle: string, quantity: number, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }>, cost: { __typename?: 'CartCost', subtotalAmount: { __typename?: 'Money', amount: string }, totalTaxAmount: { __typename?: 'Money', amount: string }, totalShippingAmount: { __typename?: 'Money', amount: string }, totalDiscountAmount: { __typename?: 'Money', amount: string }, totalAmount: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }, shippingAddress?: { __typename?: 'MailingAddress', firstName?: string | null, lastName?: string | null, address1?: string | null, city?: string | null, zip?: string | null, countryCode?: CountryCode | null } | null } | null };

export type ProductPageQueryVariables = Exact<{
  handle: Scalars['String']['input'];
}>;


export type ProductPageQuery = { __typename?: 'Query', product?: { __typename?: 'Product', id: string, handle: string, title: string, descriptionHtml: string, tags: Array<string>, vendor?: string | null, availableForSale: boolean, seo: { __typename?: 'SEO', title?: string | null, description?: string | null }, options: Array<{ __typename?: 'ProductOption', name: string, values: Array<string> }>, priceRange: { __typename?: 'MoneyRange', minVariantPrice: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, maxVariantPrice: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } }, compareAtPriceRange?: { __typename?: 'MoneyRange', minVariantPrice: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } } | null, featuredImage?: { __typename?: 'Image', url: string, altText?: string | null } | null, images: { __typename?: 'ImageConnection', nodes: Array<{ __typename?: 'Image', url: string, altText?: string | null, width?: number | null, height?: number | null }> }, variants: { __typename?: 'ProductVariantConnection', nodes: Array<{ __typename?: 'ProductVariant', id: string, sku?: string | null, title: string, availableForSale: boolean, quantityAvailable: number, price: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode }, compareAtPrice?: { __typename?: 'Money', amount: string, currencyCode: CurrencyCode } | null, selectedOptions: Array<{ __typename?: 'SelectedOption', name: string, value: string }>, image?: { __typename?: 'Image', url: string } | null }> }, category?: { __typename?: 'Category', id: string, handle: string, title: string } | null, collections: { __typename?: 'CollectionConnection', nodes: Array<{ __typename?: 'Collection', id: string, handle: string, title: string }> } } | null };

export type ShopQueryVariables = Exact<{ [key: string]: never; }>;


export type ShopQuery = { __typename?: 'Query', shop: { __typename?: 'Shop', name: string, primaryDomain?: string | null, currencyCode: CurrencyCode, languages: Array<LanguageCode>, defaultLanguage: LanguageCode } };

export const CartFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartFieldsFragment, unknown>;
export const DashboardProductsDocument = {"__meta__":{"hash":"380ca1f71e014d6e461fa0c3b96227d4cc3d70a7a8a67b13c48dbeafe3686736"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardProducts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"storeId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"products"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}},{"kind":"Argument","name":{"kind":"Name","value":"storeId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"storeId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"quantityAvailable"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardProductsQuery, DashboardProductsQueryVariables>;
export const ProductCreateDocument = {"__meta__":{"hash":"e50b0ea8b8355931c262c2777c5da17722d7831d82be0fd2104341a96ddb4e73"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ProductCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ProductCreateMutation, ProductCreateMutationVariables>;
export const InventorySetDocument = {"__meta__":{"hash":"ece879229d806ff99bf3c832dcd5a0e3751c952498a08815c4e42e62aeef6c43"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InventorySet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"variantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"quantity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inventorySet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"variantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"variantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"quantity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"quantity"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"variant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantityAvailable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<InventorySetMutation, InventorySetMutationVariables>;
export const SignInDocument = {"__meta__":{"hash":"2661706f04e918e4644f7e691e88e3620c2b90f108c927822d23a1696a7007ef"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tokenCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SignInMutation, SignInMutationVariables>;
export const DashboardStoresDocument = {"__meta__":{"hash":"d69828052fdd84cc1426c7e4c81671a13a66aff713877b82db9d8f2bae06957f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardStores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stores"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardStoresQuery, DashboardStoresQueryVariables>;
export const CartDocument = {"__meta__":{"hash":"4940098191933d627724a1bf9b7f77b95a33f687822b369d7b40f8c37b04247b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Cart"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartQuery, CartQueryVariables>;
export const CartCreateDocument = {"__meta__":{"hash":"f1e090ffd17b65b3d3c030c885120e52ddea4882fd12e661efdc3365f27b6229"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CartCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CartInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cartCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartCreateMutation, CartCreateMutationVariables>;
export const CartLinesAddDocument = {"__meta__":{"hash":"82859c8a7396fba403198d382e427b69fd88a6d3eae61c14a44421fc5916cf82"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CartLinesAdd"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"lines"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CartLineInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cartLinesAdd"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cartId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}}},{"kind":"Argument","name":{"kind":"Name","value":"lines"},"value":{"kind":"Variable","name":{"kind":"Name","value":"lines"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartLinesAddMutation, CartLinesAddMutationVariables>;
export const CartLinesUpdateDocument = {"__meta__":{"hash":"a43ef28dc84baaa19408e6c169ddefbb51a6586096d64e77b4f235c493977ae2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CartLinesUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"lines"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CartLineUpdateInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cartLinesUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cartId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}}},{"kind":"Argument","name":{"kind":"Name","value":"lines"},"value":{"kind":"Variable","name":{"kind":"Name","value":"lines"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartLinesUpdateMutation, CartLinesUpdateMutationVariables>;
export const CartLinesRemoveDocument = {"__meta__":{"hash":"b9032d9af1d4f3ae747920ec5b2f8a183fffeb45f98d57ac054c2102a0e29640"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CartLinesRemove"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"lineIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cartLinesRemove"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cartId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}}},{"kind":"Argument","name":{"kind":"Name","value":"lineIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"lineIds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartLinesRemoveMutation, CartLinesRemoveMutationVariables>;
export const CartBuyerIdentityUpdateDocument = {"__meta__":{"hash":"dd656c6252db7c0636a75daa860ff5d37e44a6e08a12cec8338b8a97c0fb1c80"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CartBuyerIdentityUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"buyerIdentity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CartBuyerIdentityInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cartBuyerIdentityUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cartId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}}},{"kind":"Argument","name":{"kind":"Name","value":"buyerIdentity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"buyerIdentity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartBuyerIdentityUpdateMutation, CartBuyerIdentityUpdateMutationVariables>;
export const CartShippingAddressUpdateDocument = {"__meta__":{"hash":"ac36e877beeac97f091353c7bce672605bd396744ecd725cf6c911df067454f2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CartShippingAddressUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"address"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MailingAddressInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cartShippingAddressUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cartId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}}},{"kind":"Argument","name":{"kind":"Name","value":"address"},"value":{"kind":"Variable","name":{"kind":"Name","value":"address"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartShippingAddressUpdateMutation, CartShippingAddressUpdateMutationVariables>;
export const CartSelectedDeliveryOptionUpdateDocument = {"__meta__":{"hash":"638a366a155115a9145aaadd6f2c44c4f8817457abc601a2e9b22f51acc376d8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CartSelectedDeliveryOptionUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"handle"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cartSelectedDeliveryOptionUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cartId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}}},{"kind":"Argument","name":{"kind":"Name","value":"deliveryOptionHandle"},"value":{"kind":"Variable","name":{"kind":"Name","value":"handle"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartSelectedDeliveryOptionUpdateMutation, CartSelectedDeliveryOptionUpdateMutationVariables>;
export const CartDiscountCodesUpdateDocument = {"__meta__":{"hash":"c099aee13cc0a6a10ecd9af30f08726412f4618c8996f0382898e5dc82a8edfa"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CartDiscountCodesUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"codes"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cartDiscountCodesUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cartId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}}},{"kind":"Argument","name":{"kind":"Name","value":"discountCodes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"codes"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cart"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CartFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Cart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totalQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"merchandise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountPerQuantity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buyerIdentity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountCodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"applicable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedDeliveryOption"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<CartDiscountCodesUpdateMutation, CartDiscountCodesUpdateMutationVariables>;
export const CategoryPageDocument = {"__meta__":{"hash":"f94afbd66dba6d49faf32f53ef6de525f4ec4b15736dd21edf040b041eb624be"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CategoryPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"handle"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"handle"},"value":{"kind":"Variable","name":{"kind":"Name","value":"handle"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"descriptionHtml"}},{"kind":"Field","name":{"kind":"Name","value":"products"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"featuredImage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"altText"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"priceRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"minVariantPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"maxVariantPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"availableForSale"}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"quantityAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"selectedOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CategoryPageQuery, CategoryPageQueryVariables>;
export const CheckoutCreateDocument = {"__meta__":{"hash":"458d8c4d3c979492943692061b06f5a8eeb5d0f57de60d9928776e8fdd4f2963"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CheckoutCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"checkoutCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cartId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cartId"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"checkout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reservedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"payment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CheckoutCreateMutation, CheckoutCreateMutationVariables>;
export const CheckoutCompleteDocument = {"__meta__":{"hash":"685712bc9c131c3e12038f480ec3714e70802c3a833923f64d15c234657d6598"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CheckoutComplete"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"checkoutId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"checkoutComplete"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"checkoutId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"checkoutId"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"token"}}]}},{"kind":"Field","name":{"kind":"Name","value":"checkout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CheckoutCompleteMutation, CheckoutCompleteMutationVariables>;
export const OrderTrackingDocument = {"__meta__":{"hash":"a475cce3f1381e44b061307c98608e97f7217fa029c16cb4a2fa9d06edaa733a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OrderTracking"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"token"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"token"},"value":{"kind":"Variable","name":{"kind":"Name","value":"token"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"variantTitle"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalTaxAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalShippingAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalDiscountAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"shippingAddress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"address1"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"zip"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}}]}}]}}]}}]} as unknown as DocumentNode<OrderTrackingQuery, OrderTrackingQueryVariables>;
export const ProductPageDocument = {"__meta__":{"hash":"122978ca4d2477e032298b5dc32b5046c0044627bbd66daa98b62ade8c9edab3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProductPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"handle"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"handle"},"value":{"kind":"Variable","name":{"kind":"Name","value":"handle"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"descriptionHtml"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"availableForSale"}},{"kind":"Field","name":{"kind":"Name","value":"seo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}},{"kind":"Field","name":{"kind":"Name","value":"priceRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"minVariantPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"maxVariantPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"compareAtPriceRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"minVariantPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"featuredImage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"altText"}}]}},{"kind":"Field","name":{"kind":"Name","value":"images"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"altText"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"availableForSale"}},{"kind":"Field","name":{"kind":"Name","value":"quantityAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"compareAtPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"selectedOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"collections"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProductPageQuery, ProductPageQueryVariables>;
export const ShopDocument = {"__meta__":{"hash":"54231fd720cc7d55d4aad308c59adb4efc121efdd7d40ce95387d6e9b7156e93"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Shop"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"shop"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"primaryDomain"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"languages"}},{"kind":"Field","name":{"kind":"Name","value":"defaultLanguage"}}]}}]}}]} as unknown as DocumentNode<ShopQuery, ShopQueryVariables>;