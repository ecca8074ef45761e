//! `admin`: a one-shot maintenance tool; it is not the service.

fn main() {
    println!("admin: the server would answer {:?}", greeting::greeting());
}
