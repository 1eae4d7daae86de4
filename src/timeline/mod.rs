//! A person's journey across the four datasets, assembled from the link table and the main and
//! child tables. (Skeleton: model types fixed, assembly being written.)

pub mod model;

pub use model::*;
